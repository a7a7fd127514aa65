//! `lpo-sim sensitivity`: a tornado chart and Morris elementary effects of a metric, every
//! study on the same replicate seeds.

use super::analysis_files::{AnalysisOutputs, context_of};
use crate::args::SensitivityArgs;
use crate::error::CliError;
use crate::progress::Progress;
use crate::request::SensitivityRequest;
use lpo_sim_core::Scenario;
use lpo_sim_core::analysis::{morris, tornado};
use lpo_sim_report::Format;
use lpo_sim_report::view::sensitivity::SensitivityReport;
use lpo_sim_report::view::study::count;
use std::io::{self, Write};

pub fn execute(args: SensitivityArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Ctrl-C quits at once (the handler's default; this says so, and warns if there is none).
    crate::interrupt::install_quit();
    let request = SensitivityRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let settings = &request.settings;
    let strategy = settings.strategy;
    let make_strategy = |s: &Scenario| strategy.build(&s.strategy.rule);
    let config = settings.config();

    let (tornado_studies, morris_studies) = (request.tornado_studies(), request.morris_studies());
    let planned = tornado_studies + morris_studies;
    // Before anything runs: the default set of factors is large, and this says how large.
    let _ = writeln!(
        io::stderr(),
        "sensitivity of {}: {} factors → {} tornado studies (2·{f}+1) + {} Morris studies \
         ({}·({f}+1)) = {} studies of {} replicates ({} firm runs)",
        request.metric,
        request.factors.len(),
        count(tornado_studies),
        count(morris_studies),
        request.trajectories,
        count(planned),
        count(settings.runs),
        count(planned.saturating_mul(settings.runs)),
        f = request.factors.len(),
    );

    let progress = Progress::counting(planned, "studies");
    let torn = tornado(
        scenario,
        &request.factors,
        &make_strategy,
        &config,
        &request.metric,
        // The base study runs first, then each factor's two.
        &mut |done, _| progress.update(1 + 2 * done as u64, planned),
    );
    let effects = torn.and_then(|torn| {
        let effects = morris(
            scenario,
            &request.factors,
            &make_strategy,
            &config,
            &request.metric,
            request.trajectories,
            settings.seed,
            &mut |done, _| progress.update(tornado_studies + done as u64, planned),
        )?;
        Ok((torn, effects))
    });
    let elapsed = progress.finish();
    let ((base, bars), effects) = effects?;

    let report = SensitivityReport {
        context: context_of(&request.scenario, settings, &request.factors),
        metric: &request.metric,
        factors: &request.factors,
        spread: request.spread,
        every_parameter: request.every_parameter,
        left_out: &request.left_out,
        base,
        bars: &bars,
        trajectories: request.trajectories,
        effects: &effects,
    };
    let mut files = AnalysisOutputs::of(&report);
    files.write(request.json.as_deref(), Format::Json);
    files.write(request.csv.as_deref(), Format::Csv);
    files.write(request.report.as_deref(), Format::Html);
    files.print_and_finish(
        out,
        Format::Text,
        &elapsed,
        planned.saturating_mul(settings.runs),
        "firm runs",
    )
}
