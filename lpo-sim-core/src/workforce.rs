//! Staff: hiring with rigor, training by trainers, skill growth and attrition.

use crate::delivery::Production;
use crate::line::{PerLine, ServiceLine};
use crate::math::{PowMemo, clone_keeping_capacity, exp, pow, unit};
use crate::rng::Stream;
use crate::scenario::{Scenario, WorkforceParams};
use crate::strategy::Decisions;
use rand::RngExt;

/// What an employee does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Produces billable work on one line.
    Associate(ServiceLine),
    /// Trains new associates; not billable.
    Trainer,
}

/// One employee.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Employee {
    /// Hire order; staff are kept sorted by it so random draws are made in a fixed order.
    pub id: u32,
    /// What they do.
    pub role: Role,
    /// Credential at hire, 0..1.
    pub credential: f64,
    /// Skill on their own line, 0..1. Other lines: `cross_line_skill` times this.
    pub skill: f64,
    /// Mean training strength received while ramping up, 0..1.
    pub training_received: f64,
    /// Months employed.
    pub tenure: u32,
    /// `exp(-tenure / tenure_scale_months)`, kept by multiplying by `exp(-1 / scale)` each
    /// month so the hot loop needs no `exp` per employee.
    pub tenure_decay: f64,
    /// Quality, for trainers, 0..1.
    pub trainer_quality: f64,
    /// Pay as a multiple of market pay (the firm's current pay level).
    pub pay_level: f64,
    /// Has reached full productivity.
    pub ramped_up: bool,
}

impl Employee {
    /// Skill on `line`.
    pub fn skill_on(&self, line: ServiceLine, cross_line_skill: f64) -> f64 {
        match self.role {
            Role::Associate(own) if own == line => self.skill,
            _ => self.skill * cross_line_skill,
        }
    }
}

/// A hire decided but not yet arrived.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PendingHire {
    arrives: u32,
    role: Role,
    credential: f64,
    trainer_quality: f64,
}

/// Monthly workforce counts for the record.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct WorkforceMonth {
    pub hires: u32,
    pub arrivals: u32,
    pub layoffs: u32,
    pub quits: u32,
    pub candidates_screened: u32,
    pub trainees: u32,
    pub training_strength: f64,
    /// Associates who reached full productivity this month, and the sum of their tenures
    /// (completed months) when they did.
    pub ramped_up: u32,
    pub ramp_months: u32,
    /// Paid hours trainees spent in class.
    pub classroom_hours: f64,
    /// Hours trainers spent training.
    pub trainer_training_hours: f64,
    /// Cash spent on training: trainers' pay, per-trainee training cost, and trainees' pay
    /// for their hours in class.
    pub training_spend: f64,
}

/// This month's training (§4.2).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Training {
    pub trainees: u32,
    pub trainers: u32,
    /// Mean trainer quality (0 without trainers).
    pub quality: f64,
    /// Trainers' monthly pay.
    pub trainer_pay: f64,
    /// Share of trainers' working time spent training.
    pub time_training: f64,
    /// Mean quality × coverage of trainees.
    pub strength: f64,
}

/// Head counts by role, kept up to date as people join and leave so a month never has to
/// recount them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct RoleCounts {
    associates: PerLine<u32>,
    trainers: u32,
}

impl RoleCounts {
    fn slot(&mut self, role: Role) -> &mut u32 {
        match role {
            Role::Associate(line) => &mut self.associates[line],
            Role::Trainer => &mut self.trainers,
        }
    }

    fn get(&self, role: Role) -> u32 {
        match role {
            Role::Associate(line) => self.associates[line],
            Role::Trainer => self.trainers,
        }
    }

    fn join(&mut self, role: Role) {
        *self.slot(role) += 1;
    }

    fn leave(&mut self, role: Role) {
        *self.slot(role) -= 1;
    }
}

/// The firm's staff.
#[derive(Debug)]
pub(crate) struct Workforce {
    staff: Vec<Employee>,
    pending: Vec<PendingHire>,
    next_id: u32,
    staff_counts: RoleCounts,
    pending_counts: RoleCounts,
    /// Market pay now as a multiple of the scenario's (wage growth since founding).
    wage_index: f64,
    /// `(1 + pay_growth)^(1/12)`: the wage index's monthly factor, set in the first month.
    wage_step: f64,
    /// `exp(−1 / tenure_scale_months)`: each month's factor of an employee's tenure decay,
    /// set in the first month.
    tenure_step: f64,
    /// The attrition hazard's pay term `pay_level^−pay_elasticity`, kept while the pay level
    /// stays the same.
    pay_factor: PowMemo,
    /// This month's total pay (see [`Workforce::payroll`]).
    payroll: f64,
    /// Trainees and the trainers' quality sum of the staff as they stand, kept from the end
    /// of the last month and the arrivals since, so that the month's training needs no pass
    /// over the staff; `None` after a layoff (then counted afresh).
    carried: Option<TrainingSums>,
}

/// A clone keeps the lists' spare room, so a cloned firm (a benchmark's, a what-if branch's)
/// hires without reallocating, as the original would.
impl Clone for Workforce {
    fn clone(&self) -> Self {
        Workforce {
            staff: clone_keeping_capacity(&self.staff),
            pending: clone_keeping_capacity(&self.pending),
            ..*self
        }
    }
}

/// What the month's training (§4.2) needs from the staff: associates still ramping up, and
/// the sum of trainer qualities in hire order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TrainingSums {
    trainees: u32,
    quality_sum: f64,
}

/// Inputs the attrition hazard needs from the rest of the firm.
pub(crate) struct Load {
    /// Demand over production capacity per line.
    pub associates: PerLine<f64>,
    /// Trainees over trainer capacity.
    pub trainers: f64,
}

impl Load {
    /// This month's load (§4.5): for associates, demand over staff capacity on their line (0
    /// without demand, 2 with demand but no capacity); for trainers, trainees over what the
    /// trainers can take.
    pub fn of(
        demand: &PerLine<f64>,
        staff_capacity: &PerLine<f64>,
        trainers: u32,
        trainees: u32,
        trainees_per_trainer: f64,
    ) -> Self {
        Load {
            associates: PerLine::from_fn(|l| {
                if demand[l] <= 0.0 {
                    0.0
                } else if staff_capacity[l] <= 0.0 {
                    2.0
                } else {
                    demand[l] / staff_capacity[l]
                }
            }),
            trainers: {
                let room = f64::from(trainers) * trainees_per_trainer;
                if room > 0.0 {
                    f64::from(trainees) / room
                } else {
                    0.0
                }
            },
        }
    }
}

/// What the start of a month did to the staff: counts for the record, severance owed, and
/// the month's production.
pub(crate) struct Staffed {
    pub record: WorkforceMonth,
    pub severance: f64,
    pub production: Production,
}

impl Workforce {
    /// The start of month `month` (§1.3 steps 4–8; months come in order from 0): arrivals,
    /// hiring and layoffs towards the targets (Hiring stream), the month's pay level, training
    /// strength and production.
    pub fn start_month(
        &mut self,
        scenario: &Scenario,
        decisions: &Decisions,
        month: u32,
        hiring_rng: &mut Stream,
    ) -> Staffed {
        let mut record = WorkforceMonth::default();
        self.wage_index = if month == 0 {
            self.wage_step = monthly_wage_growth(&scenario.workforce);
            self.tenure_step = exp(-1.0 / scenario.workforce.attrition.tenure_scale_months);
            1.0
        } else {
            self.wage_index * self.wage_step
        };
        self.arrive(month, scenario.workforce.training.ramp_months, &mut record);
        let severance = self.staff_to_targets(scenario, decisions, month, hiring_rng, &mut record);
        let training = self.training(scenario);
        record.trainees = training.trainees;
        record.training_strength = training.strength;
        let production = self.production(scenario, decisions.pay_level, &training, &mut record);
        Staffed {
            record,
            severance,
            production,
        }
    }

    /// The end of the month (§1.3 steps 16–17): quits (Attrition stream), then skill growth
    /// and a month of tenure for everyone who stayed.
    pub fn end_month(
        &mut self,
        params: &WorkforceParams,
        pay_level: f64,
        load: &Load,
        attrition_rng: &mut Stream,
        record: &mut WorkforceMonth,
    ) {
        self.attrition_and_growth(params, pay_level, load, attrition_rng, record);
    }

    pub fn new() -> Self {
        Workforce {
            staff: Vec::with_capacity(64),
            pending: Vec::with_capacity(16),
            next_id: 0,
            staff_counts: RoleCounts::default(),
            pending_counts: RoleCounts::default(),
            wage_index: 1.0,
            wage_step: 1.0,
            tenure_step: 1.0,
            pay_factor: PowMemo::EMPTY,
            payroll: 0.0,
            carried: Some(TrainingSums::default()),
        }
    }

    pub fn staff(&self) -> &[Employee] {
        &self.staff
    }

    /// Market pay this month as a multiple of the scenario's ([`wage_index`] of the month
    /// being simulated, set by [`Workforce::start_month`]).
    pub fn wage_index(&self) -> f64 {
        self.wage_index
    }

    pub fn headcount(&self) -> u32 {
        self.staff.len() as u32
    }

    pub fn associates(&self) -> PerLine<u32> {
        self.staff_counts.associates
    }

    pub fn trainers(&self) -> u32 {
        self.staff_counts.trainers
    }

    pub fn pending_associates(&self) -> PerLine<u32> {
        self.pending_counts.associates
    }

    pub fn pending_trainers(&self) -> u32 {
        self.pending_counts.trainers
    }

    /// Whether the kept counts equal a recount (for tests).
    #[cfg(test)]
    pub fn counts_are_consistent(&self) -> bool {
        let mut staff = RoleCounts::default();
        self.staff.iter().for_each(|e| staff.join(e.role));
        let mut pending = RoleCounts::default();
        self.pending.iter().for_each(|h| pending.join(h.role));
        staff == self.staff_counts && pending == self.pending_counts
    }

    /// Moves hires due this month onto the staff.
    fn arrive(&mut self, month: u32, ramp_months: f64, record: &mut WorkforceMonth) {
        let staff = &mut self.staff;
        let next_id = &mut self.next_id;
        let (staff_counts, pending_counts) = (&mut self.staff_counts, &mut self.pending_counts);
        let carried = &mut self.carried;
        self.pending.retain(|h| {
            if h.arrives > month {
                return true;
            }
            pending_counts.leave(h.role);
            staff_counts.join(h.role);
            // Arrivals take the next ids, so adding them last keeps the sums in hire order.
            if let Some(sums) = carried {
                match h.role {
                    Role::Trainer => sums.quality_sum += h.trainer_quality,
                    Role::Associate(_) => sums.trainees += u32::from(0.0 < ramp_months),
                }
            }
            staff.push(Employee {
                id: *next_id,
                role: h.role,
                credential: h.credential,
                skill: h.credential,
                training_received: 0.0,
                tenure: 0,
                tenure_decay: 1.0,
                trainer_quality: h.trainer_quality,
                pay_level: 1.0,
                ramped_up: false,
            });
            *next_id += 1;
            record.arrivals += 1;
            false
        });
    }

    /// Hires or lays off towards the targets in `decisions`. Returns severance owed.
    ///
    /// Hiring draws `hiring_rigor` candidate credentials per associate opening from the
    /// hiring stream, in line order, and keeps the best.
    fn staff_to_targets(
        &mut self,
        scenario: &Scenario,
        decisions: &Decisions,
        month: u32,
        rng: &mut Stream,
        record: &mut WorkforceMonth,
    ) -> f64 {
        let params = &scenario.workforce;
        let mut severance = 0.0;
        let rigor = decisions.hiring_rigor;
        // Worked out only in a month that hires an associate.
        let lead_months = || {
            (f64::from(rigor) / params.hiring.screens_per_month)
                .ceil()
                .max(1.0) as u32
        };
        for line in ServiceLine::ALL {
            let role = Role::Associate(line);
            let have = self.count_role(role);
            let target = decisions.associates[line];
            if target > have {
                for _ in have..target {
                    let best = best_credential(&params.pool, rigor, rng);
                    record.candidates_screened += rigor;
                    record.hires += 1;
                    self.pending_counts.join(role);
                    self.pending.push(PendingHire {
                        arrives: month + lead_months(),
                        role,
                        credential: best,
                        trainer_quality: 0.0,
                    });
                }
            } else if target < have {
                severance += self.shed(role, have - target, scenario, record);
            }
        }
        let have = self.count_role(Role::Trainer);
        if decisions.trainers > have {
            for _ in have..decisions.trainers {
                record.hires += 1;
                self.pending_counts.join(Role::Trainer);
                self.pending.push(PendingHire {
                    arrives: month + 1,
                    role: Role::Trainer,
                    credential: decisions.trainer_quality,
                    trainer_quality: decisions.trainer_quality,
                });
            }
        } else if decisions.trainers < have {
            severance += self.shed(Role::Trainer, have - decisions.trainers, scenario, record);
        }
        severance
    }

    /// Staff plus pending hires in `role`.
    fn count_role(&self, role: Role) -> u32 {
        self.staff_counts.get(role) + self.pending_counts.get(role)
    }

    /// Cancels the latest pending hires first, then lays off the most recent staff.
    fn shed(
        &mut self,
        role: Role,
        mut count: u32,
        scenario: &Scenario,
        record: &mut WorkforceMonth,
    ) -> f64 {
        while count > 0 {
            let Some(i) = self.pending.iter().rposition(|h| h.role == role) else {
                break;
            };
            self.pending.remove(i);
            self.pending_counts.leave(role);
            count -= 1;
        }
        let mut severance = 0.0;
        while count > 0 {
            let Some(i) = self.staff.iter().rposition(|e| e.role == role) else {
                break;
            };
            let leaver = self.staff.remove(i);
            self.staff_counts.leave(role);
            self.carried = None;
            severance += monthly_pay(&leaver, scenario, self.wage_index)
                * scenario.workforce.attrition.severance_months;
            record.layoffs += 1;
            count -= 1;
        }
        severance
    }

    /// This month's training (§4.2): trainees (associates with `n < ramp_months`), trainers,
    /// their mean quality, the share of trainer time spent training, and the training
    /// strength (quality × coverage). The trainers' pay is summed in the production pass.
    fn training(&mut self, scenario: &Scenario) -> Training {
        let t = &scenario.workforce.training;
        let sums = match self.carried {
            Some(sums) => {
                // The library's own tests (kept_head_counts_always_equal_a_recount runs firms
                // that hire, lay off and lose staff) check the carried sums against a recount,
                // to the bit, every month.
                #[cfg(test)]
                assert_eq!(
                    sums,
                    self.count_training(t.ramp_months),
                    "carried training sums"
                );
                sums
            }
            None => {
                let sums = self.count_training(t.ramp_months);
                self.carried = Some(sums);
                sums
            }
        };
        let (trainees, quality_sum) = (sums.trainees, sums.quality_sum);
        let trainers = self.staff_counts.trainers;
        let room = f64::from(trainers) * t.trainees_per_trainer;
        let quality = if trainers > 0 {
            quality_sum / f64::from(trainers)
        } else {
            0.0
        };
        let (coverage, time_training) = if trainers == 0 || trainees == 0 {
            (0.0, 0.0)
        } else {
            (
                unit(room / f64::from(trainees)),
                unit(f64::from(trainees) / room),
            )
        };
        Training {
            trainees,
            trainers,
            quality,
            trainer_pay: 0.0,
            time_training,
            strength: quality * coverage,
        }
    }

    /// [`TrainingSums`] of the staff as they stand, by a pass in hire order.
    fn count_training(&self, ramp_months: f64) -> TrainingSums {
        let mut sums = TrainingSums::default();
        for e in &self.staff {
            match e.role {
                Role::Trainer => sums.quality_sum += e.trainer_quality,
                Role::Associate(_) => {
                    sums.trainees += u32::from(f64::from(e.tenure) < ramp_months);
                }
            }
        }
        sums
    }

    /// This month's production (§4.3): each associate's hours available for client work and
    /// QA, `hours_per_month · (1 − classroom) · (1 − overhead_share)`, and output per hour,
    /// `ramped · (0.5 + 0.5 · skill)`, summed per line. Also records training received, ramp
    /// completions, classroom hours and the training spend (cash: trainers' pay, training
    /// cost, trainees' pay for their hours in class). In the same pass, in hire order: this month's
    /// pay level for everyone, the payroll and the trainers' pay.
    fn production(
        &mut self,
        scenario: &Scenario,
        pay_level: f64,
        training: &Training,
        record: &mut WorkforceMonth,
    ) -> Production {
        let w = &scenario.workforce;
        let t = &w.training;
        let min_productivity = scenario.quality.min_productivity;
        let ramp = t.ramp_months / (1.0 + t.trainer_speedup * training.strength);
        let working = w.hours_per_month * (1.0 - w.overhead_share);
        let wage_index = self.wage_index;
        // Monthly pay of an associate per line: base · pay level · wage index, as in
        // [`monthly_pay`], to the bit.
        let associate_pay = scenario
            .lines
            .map(|_, l| l.market_pay * pay_level * wage_index)
            .to_array();
        // Productivity of a fully ramped associate out of class: the general case below with
        // progress 1 and classroom 0, to the bit (× 1 and + 0 are exact).
        let full_ramped = min_productivity + (1.0 - min_productivity);
        let mut hours_sum = [0.0; ServiceLine::COUNT];
        let mut output_sum = [0.0; ServiceLine::COUNT];
        let mut skill_output = [0.0; ServiceLine::COUNT];
        let mut ramped_hours = [0.0; ServiceLine::COUNT];
        let mut ramped_skill_hours = [0.0; ServiceLine::COUNT];
        let mut classroom_pay = 0.0;
        let mut trainer_pay = 0.0;
        let mut payroll = 0.0;
        let mut classroom_hours = 0.0;
        for e in &mut self.staff {
            e.pay_level = pay_level;
            let Role::Associate(line) = e.role else {
                let pay = monthly_pay(e, scenario, wage_index);
                payroll += pay;
                trainer_pay += pay;
                continue;
            };
            let line = line.index();
            let pay = associate_pay[line];
            payroll += pay;
            let tenure = f64::from(e.tenure);
            if e.ramped_up && tenure >= t.ramp_months && tenure >= t.classroom_months {
                // Trained and out of class (most staff): progress 1, classroom 0; the same
                // sums as below, without the divisions and branches. (Written out twice on
                // purpose: a shared helper measured 85 to 470 more instructions per firm-month.)
                let output = working * full_ramped * (0.5 + 0.5 * e.skill);
                hours_sum[line] += working;
                output_sum[line] += output;
                skill_output[line] += output * e.skill;
                ramped_hours[line] += working * full_ramped;
                ramped_skill_hours[line] += working * full_ramped * e.skill;
                continue;
            }
            if tenure < t.ramp_months {
                // Running mean of the training strength received while ramping.
                e.training_received += (training.strength - e.training_received) / (tenure + 1.0);
            }
            let progress = if ramp <= 0.0 {
                1.0
            } else {
                unit(tenure / ramp)
            };
            if progress >= 1.0 && !e.ramped_up {
                e.ramped_up = true;
                record.ramped_up += 1;
                record.ramp_months += e.tenure;
            }
            let classroom = unit(t.classroom_months - tenure);
            let ramped = min_productivity + (1.0 - min_productivity) * progress;
            let hours = working * (1.0 - classroom);
            let output = hours * ramped * (0.5 + 0.5 * e.skill);
            hours_sum[line] += hours;
            output_sum[line] += output;
            skill_output[line] += output * e.skill;
            ramped_hours[line] += hours * ramped;
            ramped_skill_hours[line] += hours * ramped * e.skill;
            classroom_hours += w.hours_per_month * classroom;
            if classroom > 0.0 {
                // Paid time in class: cash spent on training. (The slower output of a ramping
                // associate is not cash spent, so it is not counted.)
                classroom_pay += pay * classroom;
            }
        }
        // Nobody joins or leaves between here and the month's costs.
        self.payroll = payroll;
        record.classroom_hours += classroom_hours;
        // Trainers are a training department: all their pay is training spend, whether or not
        // every place is filled.
        record.trainer_training_hours =
            f64::from(training.trainers) * working * training.time_training;
        record.training_spend =
            trainer_pay + t.training_cost * f64::from(training.trainees) + classroom_pay;
        Production {
            hours: PerLine::from_array(hours_sum),
            output: PerLine::from_array(output_sum),
            skill_output: PerLine::from_array(skill_output),
            ramped_hours: PerLine::from_array(ramped_hours),
            ramped_skill_hours: PerLine::from_array(ramped_skill_hours),
        }
    }

    /// Quits, then a month of tenure and skill growth for those who stay (§4.5, §4.4), in
    /// one pass in id order: one uniform per employee (Attrition stream); quitters are
    /// dropped as the pass goes. Skill grows towards its ceiling
    /// `1 - (1 - credential)(1 - self_learning)(1 - trainer_skill_gain * training_received)`.
    /// Also counts next month's [`TrainingSums`] among those who stay.
    fn attrition_and_growth(
        &mut self,
        params: &WorkforceParams,
        pay_level: f64,
        load: &Load,
        rng: &mut Stream,
        record: &mut WorkforceMonth,
    ) {
        let a = &params.attrition;
        let t = &params.training;
        // Everything but tenure is shared by all staff of a line (or all trainers): work it
        // out once a month.
        let pay = self.pay_factor.pow(pay_level, -a.pay_elasticity);
        let shared = |load: f64| a.base_monthly * pay * overload_factor(a, load);
        let associates = load.associates.map(|_, l| shared(l)).to_array();
        let trainers = shared(load.trainers);
        let monthly_decay = self.tenure_step;
        let learning_gap = 1.0 - t.self_learning;
        let mut quits = 0;
        let mut sums = TrainingSums::default();
        let mut kept = 0;
        for i in 0..self.staff.len() {
            let e = &mut self.staff[i];
            let shared = match e.role {
                Role::Associate(line) => associates[line.index()],
                Role::Trainer => trainers,
            };
            let u: f64 = rng.random();
            if u < quit_hazard(a, shared, e.tenure_decay) {
                self.staff_counts.leave(e.role);
                quits += 1;
                continue;
            }
            e.tenure += 1;
            e.tenure_decay *= monthly_decay;
            match e.role {
                Role::Associate(_) => {
                    let ceiling = 1.0
                        - (1.0 - e.credential)
                            * learning_gap
                            * (1.0 - t.trainer_skill_gain * e.training_received);
                    e.skill += t.experience_rate * (ceiling - e.skill);
                    sums.trainees += u32::from(f64::from(e.tenure) < t.ramp_months);
                }
                Role::Trainer => sums.quality_sum += e.trainer_quality,
            }
            if kept != i {
                self.staff[kept] = self.staff[i];
            }
            kept += 1;
        }
        self.staff.truncate(kept);
        self.carried = Some(sums);
        record.quits += quits;
    }

    /// Total monthly pay of this month's staff (after hiring and layoffs, before quits),
    /// summed in hire order in the training pass.
    pub fn payroll(&self) -> f64 {
        self.payroll
    }
}

/// Monthly quit hazard: `shared · (floor + (1 − floor) · exp(−tenure / scale))`, capped at 1,
/// where `shared = base · pay_level^−elasticity · overload_factor(load)` and `tenure_decay`
/// is `exp(−tenure / scale)`.
pub(crate) fn quit_hazard(
    a: &crate::scenario::AttritionParams,
    shared: f64,
    tenure_decay: f64,
) -> f64 {
    unit(shared * (a.tenure_floor + (1.0 - a.tenure_floor) * tenure_decay))
}

/// `1 + sensitivity · max(0, min(load, 2) − 1)`: overload beyond twice capacity adds nothing.
fn overload_factor(a: &crate::scenario::AttritionParams, load: f64) -> f64 {
    1.0 + a.overload_sensitivity * (load.min(2.0) - 1.0).max(0.0)
}

/// The wage index's monthly factor `(1 + pay_growth)^(1/12)`. The index itself is the
/// running product `W_0 = 1`, `W_t = W_{t−1} · factor` (one `pow` per run, not per month).
pub(crate) fn monthly_wage_growth(w: &WorkforceParams) -> f64 {
    if w.pay_growth == 0.0 {
        1.0
    } else {
        pow(1.0 + w.pay_growth, 1.0 / 12.0)
    }
}

/// Monthly pay of one employee: base pay × the firm's pay level × the market's wage index.
pub(crate) fn monthly_pay(e: &Employee, scenario: &Scenario, wage_index: f64) -> f64 {
    let base = match e.role {
        Role::Associate(line) => scenario.lines[line].market_pay,
        Role::Trainer => {
            let t = &scenario.workforce.training;
            t.trainer_pay * (1.0 + t.trainer_quality_premium * e.trainer_quality)
        }
    };
    base * e.pay_level * wage_index
}

/// The best of `rigor` candidates' credentials, each normal around the pool mean, clamped
/// to 0..1 (0 for no candidates). One uniform per candidate: a credential rises with its
/// normal and the normal (by inversion) with its uniform, so the best candidate is the one
/// with the largest uniform, and only that one's normal is worked out.
fn best_credential(pool: &crate::scenario::PoolParams, rigor: u32, rng: &mut Stream) -> f64 {
    if rigor == 0 {
        return 0.0;
    }
    let mut largest = 0.0f64;
    for _ in 0..rigor {
        largest = largest.max(crate::sample::open_unit(rng));
    }
    let z = crate::sample::normal_quantile(largest);
    unit(pool.credential_mean + pool.credential_sd * z)
}
