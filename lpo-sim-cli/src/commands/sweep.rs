//! `lpo-sim sweep`: a study at every point of a grid or Latin hypercube of parameter values,
//! every point on the same replicate seeds.

use super::analysis_files::{AnalysisOutputs, context_of};
use crate::args::SweepArgs;
use crate::error::CliError;
use crate::progress::Progress;
use crate::request::SweepRequest;
use lpo_sim_core::Scenario;
use lpo_sim_core::analysis::sweep;
use lpo_sim_report::Format;
use lpo_sim_report::view::sweep::SweepReport;
use std::io::Write;

pub fn execute(args: SweepArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Ctrl-C quits at once (the handler's default; this says so, and warns if there is none).
    crate::interrupt::install_quit();
    let request = SweepRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let settings = &request.settings;
    let strategy = settings.strategy;
    let make_strategy = |s: &Scenario| strategy.build(&s.strategy.rule);

    let planned = request.points.len() as u64;
    let progress = Progress::counting(planned, "points");
    let result = sweep(
        scenario,
        &request.ranges,
        &request.points,
        &make_strategy,
        &settings.config(),
        &request.metric,
        &mut |done, total| progress.update(done as u64, total as u64),
    );
    let elapsed = progress.finish();
    let points = result?;

    let report = SweepReport {
        context: context_of(&request.scenario, settings, &request.ranges),
        ranges: &request.ranges,
        design: request.design,
        metric: &request.metric,
        points: &points,
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
