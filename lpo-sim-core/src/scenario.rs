//! The scenario: every parameter of the model, read from TOML or JSON and validated.

use crate::error::ScenarioError;
use crate::line::{PerLine, ServiceLine};
use crate::params::{ParamWalker, Params, range_violations};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The embedded default scenario, with a comment on every parameter.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("default_scenario.toml");

/// Every parameter of one simulated world.
///
/// # Examples
/// ```
/// use lpo_sim_core::Scenario;
/// let scenario = Scenario::default();
/// assert_eq!(scenario.horizon_months, 60);
/// assert!(scenario.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Currency of every amount (a label; no conversion is done).
    pub currency: String,
    /// Months the firm is simulated after founding.
    pub horizon_months: u32,
    /// The founder, when the career is not simulated.
    pub founder: FounderProfile,
    /// Parameters of each service line.
    pub lines: PerLine<LineParams>,
    /// Hiring, training and attrition.
    pub workforce: WorkforceParams,
    /// Leads, conversion, trust and churn.
    pub clients: ClientParams,
    /// Delivery and quality assurance.
    pub quality: QualityParams,
    /// Costs, loan and credit.
    pub finance: FinanceParams,
    /// The LPO consultant.
    pub consultant: ConsultantParams,
    /// The career before founding.
    pub career: CareerParams,
    /// Which strategy runs the firm, and the rule-based strategy's thresholds.
    pub strategy: StrategyConfig,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::from_toml_str(DEFAULT_SCENARIO_TOML, "<embedded default>")
            .expect("the embedded default scenario is valid (tested)")
    }
}

/// What the firm's clients see of its founder, and what the founder brings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FounderProfile {
    /// Holds a law degree.
    pub has_law_degree: bool,
    /// Years worked in a law office.
    pub law_office_years: f64,
    /// Years worked in an LPO centre.
    pub lpo_years: f64,
    /// General legal knowledge, 0..1.
    pub legal_knowledge: f64,
    /// Savings brought into the firm.
    pub savings: f64,
    /// Professional contacts.
    pub network_contacts: f64,
    /// Knowledge of each service line's process, 0..1.
    pub knowledge: PerLine<f64>,
}

/// Parameters of one service line.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineParams {
    /// Reference price per hour.
    pub billing_rate: f64,
    /// Monthly pay of an associate on this line.
    pub market_pay: f64,
    /// Hours per deliverable.
    pub hours_per_unit: f64,
    /// Chance an unskilled deliverable has a material error.
    pub base_error_rate: f64,
    /// Skill the line needs.
    pub skill_requirement: f64,
    /// How much trust one escaped error destroys, 0..1.
    pub delicacy: f64,
    /// Share of leads asking for this line.
    pub lead_share: f64,
    /// Monthly hours a client buys at full volume.
    pub client_hours: f64,
}

/// Workforce parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkforceParams {
    /// Paid hours per person per month.
    pub hours_per_month: f64,
    /// Billable share of hours.
    pub utilisation_target: f64,
    /// Seats the founder occupies.
    pub seat_share_founder: f64,
    /// Hours a month the founder delivers on lines where staff fall short.
    pub founder_hours: f64,
    /// The candidate pool.
    pub pool: PoolParams,
    /// Hiring costs and lead time.
    pub hiring: HiringParams,
    /// Training and skill growth.
    pub training: TrainingParams,
    /// Quitting.
    pub attrition: AttritionParams,
}

/// The candidate pool.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolParams {
    /// Mean credential, 0..1.
    pub credential_mean: f64,
    /// Standard deviation of credentials.
    pub credential_sd: f64,
    /// Skill on other lines as a share of the main line's.
    pub cross_line_skill: f64,
}

/// Hiring costs and lead time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HiringParams {
    /// Cost per candidate screened.
    pub screening_cost: f64,
    /// Cost per hire.
    pub recruiting_fee: f64,
    /// Candidates one opening screens per month.
    pub screens_per_month: f64,
    /// Credential boost while a consultant helps.
    pub consultant_credential_boost: f64,
}

/// Training and skill growth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingParams {
    /// Months to full productivity without trainers.
    pub ramp_months: f64,
    /// New hires one trainer covers.
    pub trainees_per_trainer: f64,
    /// Ramp speed-up at full training strength.
    pub trainer_speedup: f64,
    /// Share of the skill gap full training closes.
    pub trainer_skill_gain: f64,
    /// Share of the skill gap experience alone closes.
    pub self_learning: f64,
    /// Monthly approach of skill to its ceiling.
    pub experience_rate: f64,
    /// Cost per trainee per month while ramping.
    pub training_cost: f64,
    /// Monthly pay of a trainer of quality 0.
    pub trainer_pay: f64,
    /// Trainer pay multiplier slope in quality.
    pub trainer_quality_premium: f64,
}

/// Attrition.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttritionParams {
    /// Monthly quit hazard at market pay, no overload, tenure 0.
    pub base_monthly: f64,
    /// Elasticity of the hazard to pay level.
    pub pay_elasticity: f64,
    /// Hazard increase per unit of utilisation above target.
    pub overload_sensitivity: f64,
    /// Long-tenure hazard as a share of the base.
    pub tenure_floor: f64,
    /// Months over which the tenure effect builds.
    pub tenure_scale_months: f64,
    /// Months of pay owed to a laid-off employee.
    pub severance_months: f64,
}

/// Clients, leads and trust.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientParams {
    /// Clients the firm could ever reach.
    pub market_potential: f64,
    /// Leads per founder contact per month.
    pub network_lead_rate: f64,
    /// Marketing spend per lead.
    pub marketing_cost_per_lead: f64,
    /// Leads per happy client per month.
    pub referral_rate: f64,
    /// Trust at which a client is happy.
    pub happy_trust: f64,
    /// Conversion of a fully trusted, fairly priced lead.
    pub base_conversion: f64,
    /// Conversion factor when the founder knows nothing of the line.
    pub knowledge_floor: f64,
    /// Price elasticity of conversion.
    pub price_elasticity: f64,
    /// Pilot share of volume.
    pub pilot_share: f64,
    /// Monthly volume growth towards full, times trust.
    pub volume_growth: f64,
    /// Log-normal spread of full volume.
    pub volume_sd: f64,
    /// Monthly trust gain from clean, on-time work.
    pub trust_gain: f64,
    /// Trust share lost per escaped error at delicacy 1.
    pub error_trust_loss: f64,
    /// Trust lost per unit share of hours late.
    pub late_trust_loss: f64,
    /// Base monthly churn hazard.
    pub churn_base_monthly: f64,
    /// Added churn hazard at trust 0.
    pub churn_low_trust: f64,
    /// Added churn hazard per unit share late.
    pub churn_late: f64,
    /// Weights of perceived trustworthiness.
    pub trust_weights: TrustWeights,
    /// Saturation of experience and track record.
    pub trust_saturation: TrustSaturation,
}

/// Weights of the signals that make a firm look trustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustWeights {
    /// Trust any firm gets.
    pub base: f64,
    /// Founder's law degree.
    pub law_degree: f64,
    /// Founder's law-office years.
    pub law_office: f64,
    /// Founder's LPO years.
    pub lpo_experience: f64,
    /// The firm's record with its clients.
    pub track_record: f64,
    /// ISO 27001 certification.
    pub certification: f64,
    /// An engaged consultant.
    pub consultant: f64,
}

/// Saturation points of experience signals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustSaturation {
    /// Years of experience that count fully.
    pub experience_years: f64,
    /// Firm age at which its track record counts fully.
    pub track_record_months: f64,
}

/// Delivery and quality.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityParams {
    /// QA catch rate is `1 - exp(-effectiveness * qa_share)`.
    pub qa_effectiveness: f64,
    /// Error reduction at skill 1.
    pub skill_error_reduction: f64,
    /// Error increase when the founder knows nothing of the line.
    pub supervision_penalty: f64,
    /// Error increase per unit of skill below the requirement.
    pub shortfall_error_factor: f64,
    /// Output of a brand-new hire as a share of full output.
    pub min_productivity: f64,
}

/// Costs, loan and credit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceParams {
    /// Per seat per month.
    pub seat_cost: f64,
    /// IT and security per seat per month.
    pub it_cost_per_seat: f64,
    /// Fixed IT and security per month.
    pub it_fixed: f64,
    /// What the founder pays themselves per month.
    pub founder_draw: f64,
    /// Loan at founding.
    pub loan_amount: f64,
    /// Loan interest per year.
    pub loan_annual_rate: f64,
    /// Loan term.
    pub loan_term_months: u32,
    /// Overdraft available before bankruptcy.
    pub credit_line: f64,
    /// Overdraft interest per year.
    pub credit_annual_rate: f64,
    /// Certification.
    pub certification: CertificationParams,
}

/// ISO 27001 certification.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificationParams {
    /// Total cost, spread over `months`.
    pub cost_total: f64,
    /// Months to certify.
    pub months: u32,
    /// Monthly cost once certified.
    pub upkeep_monthly: f64,
}

/// The LPO consultant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultantParams {
    /// Fee per month engaged.
    pub monthly_fee: f64,
    /// Share of errors removed at full effect.
    pub error_reduction: f64,
    /// Share of the effect lost per month after disengaging.
    pub fade_monthly: f64,
}

/// Parameters of the career before founding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareerParams {
    /// Months after which the career ends even without founding.
    pub max_months: u32,
    /// Savings at the start.
    pub initial_savings: f64,
    /// Share of pay saved.
    pub saving_rate: f64,
    /// Pay by position.
    pub pay: CareerPay,
    /// Fees while studying.
    pub tuition: CareerTuition,
    /// Learning while studying.
    pub study: CareerStudy,
    /// Monthly job-offer chances.
    pub offers: CareerOffers,
    /// Promotion chances.
    pub promotion: CareerPromotion,
    /// Learning on the job.
    pub learning: CareerLearning,
    /// Contacts gained per month.
    pub network: CareerNetwork,
    /// The built-in career policy.
    pub plan: CareerPlanParams,
}

/// Monthly pay by position.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CareerPay {
    pub law_assistant: f64,
    pub paralegal: f64,
    pub attorney: f64,
    pub lpo_entry: f64,
    pub lpo_skilled: f64,
    pub team_lead: f64,
}

/// Monthly fees while studying.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CareerTuition {
    pub law_classes: f64,
    pub research_classes: f64,
    pub law_degree: f64,
}

/// Learning while studying.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareerStudy {
    /// Monthly approach of legal knowledge to 1 in law classes.
    pub law_classes_rate: f64,
    /// Monthly approach of legal-research knowledge to 1 in research classes.
    pub research_classes_rate: f64,
    /// Months to a law degree.
    pub degree_months: u32,
    /// Monthly approach of legal knowledge to 1 while studying for a degree.
    pub degree_rate: f64,
}

/// Monthly chance that a job search succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CareerOffers {
    pub law_assistant: f64,
    pub paralegal: f64,
    pub attorney: f64,
    pub lpo_entry: f64,
    pub lpo_skilled: f64,
}

/// Promotion chances.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareerPromotion {
    /// Monthly chance an entry LPO worker moves to skilled work.
    pub entry_to_skilled: f64,
    /// Monthly chance a skilled LPO worker becomes team lead.
    pub skilled_to_lead: f64,
    /// Multiplier slope in legal knowledge.
    pub legal_boost: f64,
}

/// Learning on the job.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareerLearning {
    /// Monthly approach of one's own line's knowledge to 1.
    pub job_rate: f64,
    /// Monthly approach of every line's knowledge to 1 as team lead.
    pub team_lead_rate: f64,
    /// Monthly approach of legal knowledge to 1 in a law office.
    pub law_office_rate: f64,
    /// Knowledge jump from an LPO office's new-hire training.
    pub new_hire_training: f64,
    /// Learning multiplier slope in legal knowledge.
    pub legal_boost: f64,
}

/// Contacts gained per month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CareerNetwork {
    pub studying: f64,
    pub law_office: f64,
    pub attorney: f64,
    pub lpo: f64,
    pub team_lead: f64,
}

/// The built-in career plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareerPlanParams {
    /// Months of law classes first.
    pub law_class_months: u32,
    /// Months of legal-research classes next.
    pub research_class_months: u32,
    /// Study for a law degree after the classes.
    pub earn_degree: bool,
    /// Months to work in a law office.
    pub law_office_months: u32,
    /// The LPO line to seek work in.
    pub target_line: ServiceLine,
    /// Months in an LPO centre before founding.
    pub lpo_months: u32,
    /// Savings needed to found.
    pub min_savings_to_found: f64,
}

/// Which strategy runs the firm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyConfig {
    /// Built-in strategy name.
    pub name: crate::strategy::BuiltinStrategy,
    /// Thresholds of the `rule-based` strategy.
    pub rule: crate::strategy::RuleParams,
}

impl Scenario {
    /// Parses and validates a TOML scenario. `origin` names the file in errors.
    ///
    /// # Errors
    /// [`ScenarioError::Parse`] for syntax errors, unknown fields and wrong types (with line,
    /// column and field path); [`ScenarioError::Invalid`] for values out of range.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        let deserializer = toml::Deserializer::parse(text)
            .map_err(|e| ScenarioError::from_toml(origin, text, e, String::new()))?;
        let scenario: Scenario = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::from_toml(origin, text, e.into_inner(), path)
        })?;
        scenario.validated(origin)
    }

    /// Parses and validates a JSON scenario. `origin` names the file in errors.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`].
    pub fn from_json_str(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let scenario: Scenario =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                let path = e.path().to_string();
                ScenarioError::from_json(origin, e.into_inner(), path)
            })?;
        scenario.validated(origin)
    }

    /// Reads a scenario file: `.json` as JSON, anything else as TOML.
    ///
    /// # Errors
    /// [`ScenarioError::Io`] when the file cannot be read, else as [`Scenario::from_toml_str`].
    pub fn from_path(path: &Path) -> Result<Scenario, ScenarioError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
            file: origin.clone(),
            source,
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Scenario::from_json_str(&text, &origin)
        } else {
            Scenario::from_toml_str(&text, &origin)
        }
    }

    fn validated(self, origin: &str) -> Result<Scenario, ScenarioError> {
        self.validate_as(origin)?;
        Ok(self)
    }

    /// Checks every parameter's range and the cross-field rules.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] listing every problem found.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_as("<scenario>")
    }

    fn validate_as(&self, origin: &str) -> Result<(), ScenarioError> {
        let mut copy = self.clone();
        let mut problems: Vec<String> = range_violations(&mut copy, "")
            .into_iter()
            .map(|v| v.to_string())
            .collect();
        let lead_total = self.lines.map(|_, l| l.lead_share).sum();
        if (lead_total - 1.0).abs() > 1e-6 {
            problems.push(format!(
                "`lines.*.lead_share` sum to {lead_total}: they must sum to 1"
            ));
        }
        if self.clients.happy_trust <= 0.0 {
            problems.push("`clients.happy_trust` must be above 0".to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid {
                file: origin.to_owned(),
                problems,
            })
        }
    }

    /// A short, stable identity of every value in the scenario: FNV-1a (64-bit) of its JSON
    /// form, as 16 hex digits. Equal scenarios have equal fingerprints on every machine.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).expect("a scenario always serialises");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in json {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{hash:016x}")
    }

    /// The scenario as TOML (without comments; `DEFAULT_SCENARIO_TOML` has them).
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).expect("a scenario always serialises")
    }
}

impl Params for Scenario {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.count(
            "horizon_months",
            &mut self.horizon_months,
            1,
            1200,
            "months",
        );
        w.section("founder", &mut self.founder);
        w.section("lines", &mut self.lines);
        w.section("workforce", &mut self.workforce);
        w.section("clients", &mut self.clients);
        w.section("quality", &mut self.quality);
        w.section("finance", &mut self.finance);
        w.section("consultant", &mut self.consultant);
        w.section("career", &mut self.career);
        w.section("strategy", &mut self.strategy);
    }
}

impl Params for StrategyConfig {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.section("rule", &mut self.rule);
    }
}

/// Largest amount of money any parameter may hold (a career with the largest pay for the
/// longest time saves about 1.2e9).
const MONEY_MAX: f64 = 1e12;

impl Params for FounderProfile {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.flag("has_law_degree", &mut self.has_law_degree);
        w.real(
            "law_office_years",
            &mut self.law_office_years,
            0.0,
            100.0,
            "years",
        );
        w.real("lpo_years", &mut self.lpo_years, 0.0, 100.0, "years");
        w.share("legal_knowledge", &mut self.legal_knowledge);
        w.real("savings", &mut self.savings, 0.0, MONEY_MAX, "currency");
        w.real(
            "network_contacts",
            &mut self.network_contacts,
            0.0,
            1e6,
            "contacts",
        );
        w.per_line("knowledge", &mut self.knowledge, 0.0, 1.0, "share");
    }
}

impl Params for PerLine<LineParams> {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        for line in ServiceLine::ALL {
            w.section(line.name(), &mut self[line]);
        }
    }
}

impl Params for LineParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real(
            "billing_rate",
            &mut self.billing_rate,
            0.01,
            10_000.0,
            "currency/hour",
        );
        w.real(
            "market_pay",
            &mut self.market_pay,
            0.0,
            1e6,
            "currency/month",
        );
        w.real(
            "hours_per_unit",
            &mut self.hours_per_unit,
            0.01,
            1000.0,
            "hours",
        );
        w.probability("base_error_rate", &mut self.base_error_rate);
        w.share("skill_requirement", &mut self.skill_requirement);
        w.share("delicacy", &mut self.delicacy);
        w.share("lead_share", &mut self.lead_share);
        w.real(
            "client_hours",
            &mut self.client_hours,
            1.0,
            100_000.0,
            "hours/month",
        );
    }
}

impl Params for WorkforceParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real(
            "hours_per_month",
            &mut self.hours_per_month,
            1.0,
            400.0,
            "hours",
        );
        w.real(
            "utilisation_target",
            &mut self.utilisation_target,
            0.05,
            1.0,
            "share",
        );
        w.real(
            "seat_share_founder",
            &mut self.seat_share_founder,
            0.0,
            10.0,
            "seats",
        );
        w.real(
            "founder_hours",
            &mut self.founder_hours,
            0.0,
            400.0,
            "hours/month",
        );
        w.section("pool", &mut self.pool);
        w.section("hiring", &mut self.hiring);
        w.section("training", &mut self.training);
        w.section("attrition", &mut self.attrition);
    }
}

impl Params for PoolParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.share("credential_mean", &mut self.credential_mean);
        w.real(
            "credential_sd",
            &mut self.credential_sd,
            0.0,
            1.0,
            "credential",
        );
        w.share("cross_line_skill", &mut self.cross_line_skill);
    }
}

impl Params for HiringParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.money(
            "screening_cost",
            &mut self.screening_cost,
            1e6,
            "currency/candidate",
        );
        w.money(
            "recruiting_fee",
            &mut self.recruiting_fee,
            1e6,
            "currency/hire",
        );
        w.real(
            "screens_per_month",
            &mut self.screens_per_month,
            0.1,
            1000.0,
            "candidates/month",
        );
        w.share(
            "consultant_credential_boost",
            &mut self.consultant_credential_boost,
        );
    }
}

impl Params for TrainingParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real("ramp_months", &mut self.ramp_months, 0.0, 120.0, "months");
        w.real(
            "trainees_per_trainer",
            &mut self.trainees_per_trainer,
            0.1,
            1000.0,
            "people",
        );
        w.real(
            "trainer_speedup",
            &mut self.trainer_speedup,
            0.0,
            100.0,
            "factor",
        );
        w.share("trainer_skill_gain", &mut self.trainer_skill_gain);
        w.share("self_learning", &mut self.self_learning);
        w.share("experience_rate", &mut self.experience_rate);
        w.money(
            "training_cost",
            &mut self.training_cost,
            1e6,
            "currency/month",
        );
        w.money("trainer_pay", &mut self.trainer_pay, 1e6, "currency/month");
        w.real(
            "trainer_quality_premium",
            &mut self.trainer_quality_premium,
            0.0,
            10.0,
            "factor",
        );
    }
}

impl Params for AttritionParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.probability("base_monthly", &mut self.base_monthly);
        w.real(
            "pay_elasticity",
            &mut self.pay_elasticity,
            0.0,
            20.0,
            "elasticity",
        );
        w.real(
            "overload_sensitivity",
            &mut self.overload_sensitivity,
            0.0,
            100.0,
            "factor",
        );
        w.share("tenure_floor", &mut self.tenure_floor);
        w.real(
            "tenure_scale_months",
            &mut self.tenure_scale_months,
            0.1,
            1200.0,
            "months",
        );
        w.real(
            "severance_months",
            &mut self.severance_months,
            0.0,
            24.0,
            "months of pay",
        );
    }
}

impl Params for ClientParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real(
            "market_potential",
            &mut self.market_potential,
            1.0,
            1e9,
            "clients",
        );
        w.real(
            "network_lead_rate",
            &mut self.network_lead_rate,
            0.0,
            10.0,
            "leads/contact/month",
        );
        w.real(
            "marketing_cost_per_lead",
            &mut self.marketing_cost_per_lead,
            0.01,
            1e7,
            "currency/lead",
        );
        w.real(
            "referral_rate",
            &mut self.referral_rate,
            0.0,
            10.0,
            "leads/client/month",
        );
        w.share("happy_trust", &mut self.happy_trust);
        w.probability("base_conversion", &mut self.base_conversion);
        w.share("knowledge_floor", &mut self.knowledge_floor);
        w.real(
            "price_elasticity",
            &mut self.price_elasticity,
            0.0,
            20.0,
            "elasticity",
        );
        w.real("pilot_share", &mut self.pilot_share, 0.001, 1.0, "share");
        w.share("volume_growth", &mut self.volume_growth);
        w.real("volume_sd", &mut self.volume_sd, 0.0, 3.0, "log-sd");
        w.share("trust_gain", &mut self.trust_gain);
        w.share("error_trust_loss", &mut self.error_trust_loss);
        w.real(
            "late_trust_loss",
            &mut self.late_trust_loss,
            0.0,
            10.0,
            "trust/share late",
        );
        w.probability("churn_base_monthly", &mut self.churn_base_monthly);
        w.probability("churn_low_trust", &mut self.churn_low_trust);
        w.probability("churn_late", &mut self.churn_late);
        w.section("trust_weights", &mut self.trust_weights);
        w.section("trust_saturation", &mut self.trust_saturation);
    }
}

impl Params for TrustWeights {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.share("base", &mut self.base);
        w.share("law_degree", &mut self.law_degree);
        w.share("law_office", &mut self.law_office);
        w.share("lpo_experience", &mut self.lpo_experience);
        w.share("track_record", &mut self.track_record);
        w.share("certification", &mut self.certification);
        w.share("consultant", &mut self.consultant);
    }
}

impl Params for TrustSaturation {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real(
            "experience_years",
            &mut self.experience_years,
            0.1,
            60.0,
            "years",
        );
        w.real(
            "track_record_months",
            &mut self.track_record_months,
            0.1,
            600.0,
            "months",
        );
    }
}

impl Params for QualityParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.real(
            "qa_effectiveness",
            &mut self.qa_effectiveness,
            0.0,
            1000.0,
            "1/share",
        );
        w.share("skill_error_reduction", &mut self.skill_error_reduction);
        w.real(
            "supervision_penalty",
            &mut self.supervision_penalty,
            0.0,
            100.0,
            "factor",
        );
        w.real(
            "shortfall_error_factor",
            &mut self.shortfall_error_factor,
            0.0,
            100.0,
            "factor",
        );
        w.real(
            "min_productivity",
            &mut self.min_productivity,
            0.0,
            1.0,
            "share",
        );
    }
}

impl Params for FinanceParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.money("seat_cost", &mut self.seat_cost, 1e6, "currency/seat/month");
        w.money(
            "it_cost_per_seat",
            &mut self.it_cost_per_seat,
            1e6,
            "currency/seat/month",
        );
        w.money("it_fixed", &mut self.it_fixed, 1e7, "currency/month");
        w.money(
            "founder_draw",
            &mut self.founder_draw,
            1e7,
            "currency/month",
        );
        w.money("loan_amount", &mut self.loan_amount, MONEY_MAX, "currency");
        w.real(
            "loan_annual_rate",
            &mut self.loan_annual_rate,
            0.0,
            2.0,
            "1/year",
        );
        w.count(
            "loan_term_months",
            &mut self.loan_term_months,
            1,
            600,
            "months",
        );
        w.money("credit_line", &mut self.credit_line, MONEY_MAX, "currency");
        w.real(
            "credit_annual_rate",
            &mut self.credit_annual_rate,
            0.0,
            2.0,
            "1/year",
        );
        w.section("certification", &mut self.certification);
    }
}

impl Params for CertificationParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.money("cost_total", &mut self.cost_total, MONEY_MAX, "currency");
        w.count("months", &mut self.months, 1, 120, "months");
        w.money(
            "upkeep_monthly",
            &mut self.upkeep_monthly,
            1e7,
            "currency/month",
        );
    }
}

impl Params for ConsultantParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.money("monthly_fee", &mut self.monthly_fee, 1e7, "currency/month");
        w.share("error_reduction", &mut self.error_reduction);
        w.share("fade_monthly", &mut self.fade_monthly);
    }
}

impl Params for CareerParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.count("max_months", &mut self.max_months, 1, 1200, "months");
        w.money(
            "initial_savings",
            &mut self.initial_savings,
            MONEY_MAX,
            "currency",
        );
        w.share("saving_rate", &mut self.saving_rate);
        w.section("pay", &mut self.pay);
        w.section("tuition", &mut self.tuition);
        w.section("study", &mut self.study);
        w.section("offers", &mut self.offers);
        w.section("promotion", &mut self.promotion);
        w.section("learning", &mut self.learning);
        w.section("network", &mut self.network);
        w.section("plan", &mut self.plan);
    }
}

impl Params for CareerPay {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        let unit = "currency/month";
        w.money("law_assistant", &mut self.law_assistant, 1e6, unit);
        w.money("paralegal", &mut self.paralegal, 1e6, unit);
        w.money("attorney", &mut self.attorney, 1e6, unit);
        w.money("lpo_entry", &mut self.lpo_entry, 1e6, unit);
        w.money("lpo_skilled", &mut self.lpo_skilled, 1e6, unit);
        w.money("team_lead", &mut self.team_lead, 1e6, unit);
    }
}

impl Params for CareerTuition {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        let unit = "currency/month";
        w.money("law_classes", &mut self.law_classes, 1e6, unit);
        w.money("research_classes", &mut self.research_classes, 1e6, unit);
        w.money("law_degree", &mut self.law_degree, 1e6, unit);
    }
}

impl Params for CareerStudy {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.share("law_classes_rate", &mut self.law_classes_rate);
        w.share("research_classes_rate", &mut self.research_classes_rate);
        w.count("degree_months", &mut self.degree_months, 1, 240, "months");
        w.share("degree_rate", &mut self.degree_rate);
    }
}

impl Params for CareerOffers {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.probability("law_assistant", &mut self.law_assistant);
        w.probability("paralegal", &mut self.paralegal);
        w.probability("attorney", &mut self.attorney);
        w.probability("lpo_entry", &mut self.lpo_entry);
        w.probability("lpo_skilled", &mut self.lpo_skilled);
    }
}

impl Params for CareerPromotion {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.probability("entry_to_skilled", &mut self.entry_to_skilled);
        w.probability("skilled_to_lead", &mut self.skilled_to_lead);
        w.real("legal_boost", &mut self.legal_boost, 0.0, 100.0, "factor");
    }
}

impl Params for CareerLearning {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.share("job_rate", &mut self.job_rate);
        w.share("team_lead_rate", &mut self.team_lead_rate);
        w.share("law_office_rate", &mut self.law_office_rate);
        w.share("new_hire_training", &mut self.new_hire_training);
        w.real("legal_boost", &mut self.legal_boost, 0.0, 100.0, "factor");
    }
}

impl Params for CareerNetwork {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        let unit = "contacts/month";
        w.real("studying", &mut self.studying, 0.0, 100.0, unit);
        w.real("law_office", &mut self.law_office, 0.0, 100.0, unit);
        w.real("attorney", &mut self.attorney, 0.0, 100.0, unit);
        w.real("lpo", &mut self.lpo, 0.0, 100.0, unit);
        w.real("team_lead", &mut self.team_lead, 0.0, 100.0, unit);
    }
}

impl Params for CareerPlanParams {
    fn walk(&mut self, w: &mut ParamWalker<'_>) {
        w.count(
            "law_class_months",
            &mut self.law_class_months,
            0,
            240,
            "months",
        );
        w.count(
            "research_class_months",
            &mut self.research_class_months,
            0,
            240,
            "months",
        );
        w.flag("earn_degree", &mut self.earn_degree);
        w.count(
            "law_office_months",
            &mut self.law_office_months,
            0,
            600,
            "months",
        );
        w.count("lpo_months", &mut self.lpo_months, 0, 600, "months");
        w.money(
            "min_savings_to_found",
            &mut self.min_savings_to_found,
            MONEY_MAX,
            "currency",
        );
    }
}
