//! `lpo-sim calibrate`: checking a scenario against the published figures (`check`), and
//! history matching, whole (`run`) or a wave at a time in shards (`init`, `wave`, `merge`).

use crate::args::{CalibrateArgs, CalibrateCommand, CalibrateHoldoutArgs};
use crate::error::CliError;
use crate::interrupt;
use crate::progress::Progress;
use crate::request::{
    CalibrationMergeRequest, CheckRequest, HistoryRequest, JsonTarget, WaveRequest,
    read_calibration,
};
use lpo_sim_core::calibration::{
    CalibrationError, CalibrationFile, HOLD_OUT_SEED_OFFSET, TargetCheck, Targets,
    VALIDATION_RUNS_PER_MEMBER, VALIDATION_SEED_OFFSET as MEMBER_VALIDATION_SEED_OFFSET,
    Validation, WaveObserver, check_with, hold_out_members, merge_wave_parts, run_wave,
    validate_members,
};
use lpo_sim_core::mc::{McConfig, ROUND_SIZE, ScenarioStrategy};
use lpo_sim_core::{Scenario, ScenarioError};
use lpo_sim_report::atomic::{write_atomically, write_file};
use lpo_sim_report::view::calibrate::{CheckView, HistoryView, write_checks};
use lpo_sim_report::view::study::count;
use lpo_sim_report::{Format, Render, WriteError};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Seed offset of the validation of the central member: fresh seeds the history match never
/// used.
const VALIDATION_SEED_OFFSET: u64 = 1000;
/// Firms of the validation of the central member.
const VALIDATION_RUNS: u64 = 4096;

pub fn execute(args: CalibrateArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match args.command {
        CalibrateCommand::Check(args) => check_command(CheckRequest::from_args(args)?, out),
        CalibrateCommand::Run(args) => run_command(HistoryRequest::run(args)?, out),
        CalibrateCommand::Init(args) => init_command(HistoryRequest::init(args)?, out),
        CalibrateCommand::Wave(args) => wave_command(WaveRequest::from_args(args)?, out),
        CalibrateCommand::Merge(args) => {
            merge_command(CalibrationMergeRequest::from_args(args)?, out)
        }
        CalibrateCommand::Closures(args) => super::closures::execute(args, out),
        CalibrateCommand::Holdout(args) => holdout_command(args, out),
    }
}

fn check_command(request: CheckRequest, out: &mut dyn Write) -> Result<(), CliError> {
    let scenario = &request.scenario.scenario;
    let targets = &request.targets.targets;
    let cancel = interrupt::install();
    let mut config = McConfig::default().seed(request.seed).runs(request.runs);
    config.threads = request.threads;
    let mut progress = Progress::counting(request.runs, "firms");
    let result = check_with(
        scenario,
        targets,
        &ScenarioStrategy,
        &config,
        Some(cancel),
        &mut progress,
    );
    let elapsed = progress.finish();
    let report = result?;
    if report.runs == 0 {
        return Err(CliError::Interrupted {
            message: format!(
                "stopped before the first round of {} firms finished; nothing was printed or \
                 written",
                count(ROUND_SIZE.min(request.runs))
            ),
        });
    }
    let view = CheckView {
        scenario: &request.scenario.origin,
        scenario_fingerprint: scenario.fingerprint(),
        targets: &request.targets.origin,
        strategy: scenario.strategy.name.name(),
        currency: &scenario.currency,
        runs_planned: request.runs,
        partial: report.runs < request.runs,
        cutoff: targets.implausibility.cutoff,
        report: &report,
    };
    // Files first, so that a closed stdout (`| head`) cannot keep them from being written.
    let mut written = Vec::new();
    if let Some(JsonTarget::File(path)) = &request.json {
        written.push(write_file(&view, Format::Json, path, true));
    }
    if let Some(path) = &request.report {
        written.push(write_file(&view, Format::Html, path, true));
    }
    let written: Result<(), WriteError> = written.into_iter().collect();
    let printed_as = match request.json {
        Some(JsonTarget::Stdout) => Format::Json,
        _ => Format::Text,
    };
    let printed = view
        .render(printed_as, out)
        .and_then(|()| Ok(out.flush()?))
        .map_err(CliError::from);
    elapsed.report(report.runs, "firms");
    written?;
    if cancel.load(Ordering::SeqCst) {
        let what = if view.partial {
            format!(
                "the check of the {} firms of the finished rounds was printed and written, \
                 marked partial",
                count(report.runs)
            )
        } else {
            "Ctrl-C came after the last round: the complete check was printed and written"
                .to_owned()
        };
        return Err(CliError::Interrupted { message: what });
    }
    printed?;
    if request.strict && view.inside() < report.checks.len() {
        return Err(CliError::Failed {
            message: strict_failure(&report.checks),
            hint: None,
        });
    }
    Ok(())
}

/// Why `calibrate check --strict` fails: the targets outside their published range and, apart,
/// those not measured (no estimate, such as a survival among firms of which none was open),
/// each named: `--strict: 1 of 3 targets outside their published range: a; 1 not measured
/// (no estimate): b`.
fn strict_failure(checks: &[TargetCheck]) -> String {
    let ids = |measured: bool| -> Vec<&str> {
        checks
            .iter()
            .filter(|c| !c.inside && c.estimate.value.is_nan() != measured)
            .map(|c| c.target.id.as_str())
            .collect()
    };
    let mut clauses = Vec::new();
    for (ids, what) in [
        (ids(true), "outside their published range"),
        (ids(false), "not measured (no estimate)"),
    ] {
        if ids.is_empty() {
            continue;
        }
        // The first clause says of how many: `1 of 3 targets outside ...; 1 not measured ...`.
        let of = if clauses.is_empty() {
            format!(" of {} targets", checks.len())
        } else {
            String::new()
        };
        clauses.push(format!("{}{of} {what}: {}", ids.len(), ids.join(", ")));
    }
    format!("--strict: {}", clauses.join("; "))
}

/// Progress of a wave's points on stderr.
struct WaveProgress {
    bar: Option<Progress>,
    /// Firms simulated so far, all waves.
    firms: u64,
    runs_per_point: u64,
    last_done: u64,
}

impl WaveProgress {
    fn start(&mut self, wave: u32, waves: u32, points: u64) {
        self.bar = Some(Progress::counting(
            points,
            &format!("points of wave {wave} of {waves}"),
        ));
        self.last_done = 0;
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

impl WaveObserver for WaveProgress {
    fn on_points(&mut self, _wave: u32, done: u64, planned: u64) {
        if let Some(bar) = &self.bar {
            bar.update(done, planned);
        }
        self.firms += (done - self.last_done) * self.runs_per_point;
        self.last_done = done;
    }
}

fn run_command(request: HistoryRequest, out: &mut dyn Write) -> Result<(), CliError> {
    let base = &request.scenario.scenario;
    let cancel = interrupt::install_waves();
    let clock = Progress::clock();
    let mut file = request.file.clone();
    let view_header = HistoryView {
        scenario: &request.scenario.origin,
        priors: &request.priors_origin,
        targets: &request.targets_origin,
        file: &request.file,
    };
    // The wave lines are printed as the waves finish; a closed stdout stops the printing, not
    // the calibration.
    let mut printed = view_header
        .write_header(out)
        .and_then(|()| out.flush())
        .map_err(CliError::stdout);
    let settings = file.manifest.settings.clone();
    let mut progress = WaveProgress {
        bar: None,
        firms: 0,
        runs_per_point: settings.runs_per_point,
        last_done: 0,
    };
    let mut stopped: Option<String> = None;
    while (file.waves.len() as u32) < settings.waves {
        let wave = file.waves.len() as u32 + 1;
        progress.start(wave, settings.waves, settings.points_per_wave);
        let result = run_wave(
            base,
            &file,
            0..settings.points_per_wave,
            &ScenarioStrategy,
            request.threads,
            Some(cancel),
            &mut progress,
        );
        progress.finish();
        match result {
            Ok(Some(record)) => {
                if printed.is_ok() {
                    let view = HistoryView {
                        file: &file,
                        ..view_header.clone()
                    };
                    printed = view
                        .write_wave(out, &record)
                        .and_then(|()| out.flush())
                        .map_err(CliError::stdout);
                }
                file.waves.push(record);
            }
            Ok(None) => break,
            Err(CalibrationError::NothingPlausible { wave }) if !file.waves.is_empty() => {
                stopped = Some(format!(
                    "stopped after wave {wave}: no point of the waves so far is plausible enough \
                     to focus wave {} on",
                    wave + 1
                ));
                break;
            }
            Err(error) => return Err(error.into()),
        }
    }
    if file.is_finished() && !cancel.load(Ordering::SeqCst) {
        file.validation = validate_ensemble(base, &file, request.threads, cancel)?;
    }
    let elapsed = clock.finish();
    let interrupted = cancel.load(Ordering::SeqCst);
    // The file first: the waves finished are kept whatever happens to stdout.
    let written = write_atomically(&request.out, file.to_json().as_bytes(), true);
    let view = HistoryView {
        file: &file,
        ..view_header
    };
    if printed.is_ok() {
        printed = (|| -> std::io::Result<()> {
            if let Some(why) = &stopped {
                writeln!(out, "{why}")?;
            }
            writeln!(out)?;
            view.write_ensemble(out)?;
            out.flush()
        })()
        .map_err(CliError::stdout);
    }
    elapsed.report(progress.firms, "firms");
    written?;
    if interrupted {
        return Err(CliError::Interrupted {
            message: format!(
                "the {} waves finished were printed and written to {}; continue with \
                 `lpo-sim calibrate wave {}` (same scenario) and `calibrate merge`",
                file.waves.len(),
                request.out.display(),
                request.out.display()
            ),
        });
    }
    printed?;
    let seed = file
        .manifest
        .settings
        .seed
        .wrapping_add(HOLD_OUT_SEED_OFFSET);
    hold_out(
        base,
        &view,
        VALIDATION_RUNS_PER_MEMBER,
        seed,
        request.threads,
        cancel,
        out,
    )?;
    validate_central(base, &file, request.threads, cancel, out)
}

/// `calibrate holdout FILE`: the ensemble of a validated file checked on fresh seeds.
fn holdout_command(args: CalibrateHoldoutArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let file = read_calibration(&args.file, "")?;
    if file.validation.is_none() {
        return Err(CliError::Usage {
            message: format!(
                "{}: the history match is not validated, so it has no ensemble to hold out",
                args.file.display()
            ),
            hint: "give a file `calibrate run` or `calibrate merge` finished and validated"
                .to_owned(),
        });
    }
    let cancel = interrupt::install();
    let base = file.manifest.base_scenario.clone();
    let seed = args.seed.unwrap_or_else(|| {
        file.manifest
            .settings
            .seed
            .wrapping_add(HOLD_OUT_SEED_OFFSET)
    });
    let shown = args.file.display().to_string();
    let view = HistoryView {
        scenario: &shown,
        priors: &shown,
        targets: &shown,
        file: &file,
    };
    hold_out(&base, &view, args.runs, seed, args.threads, cancel, out)?;
    if cancel.load(Ordering::SeqCst) {
        return Err(CliError::Interrupted {
            message: "the held-out check was stopped; nothing was written".to_owned(),
        });
    }
    Ok(())
}

/// Checks the ensemble once more on held-out seeds and prints how many members stay plausible
/// (MODEL.md §15.3); nothing is kept or dropped by it.
fn hold_out(
    base: &Scenario,
    view: &HistoryView,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: &AtomicBool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let file = view.file;
    let members = file.members().count() as u64;
    if file.validation.is_none() || members == 0 {
        return Ok(());
    }
    let progress = Progress::counting(members, "members checked on held-out seeds");
    let checked = hold_out_members(
        base,
        file,
        &ScenarioStrategy,
        runs,
        seed,
        threads,
        Some(cancel),
        &mut |done, planned| progress.update(done as u64, planned as u64),
    );
    progress.finish();
    let checked = checked?;
    if cancel.load(Ordering::SeqCst) {
        return Ok(());
    }
    view.write_hold_out(out, &checked).map_err(CliError::stdout)
}

/// Checks every matching member again on fresh seeds (MODEL.md §15.3): `None` when there is
/// none or the check was interrupted (the file is then written unvalidated).
fn validate_ensemble(
    base: &Scenario,
    file: &CalibrationFile,
    threads: Option<usize>,
    cancel: &AtomicBool,
) -> Result<Option<Validation>, CliError> {
    let members = file.matching_members().count() as u64;
    if members == 0 {
        return Ok(None);
    }
    let seed = file
        .manifest
        .settings
        .seed
        .wrapping_add(MEMBER_VALIDATION_SEED_OFFSET);
    let progress = Progress::counting(members, "members validated on fresh seeds");
    let validation = validate_members(
        base,
        file,
        &ScenarioStrategy,
        VALIDATION_RUNS_PER_MEMBER,
        seed,
        threads,
        Some(cancel),
        &mut |done, planned| progress.update(done as u64, planned as u64),
    );
    progress.finish();
    let validation = validation?;
    Ok((!cancel.load(Ordering::SeqCst)).then_some(validation))
}

/// Checks the central member on fresh seeds and prints the check table.
fn validate_central(
    base: &Scenario,
    file: &CalibrationFile,
    threads: Option<usize>,
    cancel: &AtomicBool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let Some(central) = file.central_member() else {
        return Ok(());
    };
    let scenario = file
        .scenario_of(base, central)
        .map_err(|e| CliError::Scenario(with_origin(e, "the central member")))?;
    let targets: &Targets = &file.manifest.targets;
    let seed = file
        .manifest
        .settings
        .seed
        .wrapping_add(VALIDATION_SEED_OFFSET);
    let mut progress = Progress::counting(VALIDATION_RUNS, "firms (validation)");
    let mut config = McConfig::default().seed(seed).runs(VALIDATION_RUNS);
    config.threads = threads;
    let report = check_with(
        &scenario,
        targets,
        &ScenarioStrategy,
        &config,
        Some(cancel),
        &mut progress,
    );
    progress.finish();
    let report = report?;
    if cancel.load(Ordering::SeqCst) {
        return Err(CliError::Interrupted {
            message: "the calibration file was written; the validation of the central member \
                      was stopped"
                .to_owned(),
        });
    }
    let inside = report.checks.iter().filter(|c| c.inside).count();
    (|| -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(
            out,
            "validation of the central member on fresh seeds (seed {seed}, {} firms)",
            count(VALIDATION_RUNS)
        )?;
        write_checks(out, &report.checks, &scenario.currency)?;
        writeln!(
            out,
            "{inside} of {} targets inside their published range",
            report.checks.len()
        )?;
        out.flush()
    })()
    .map_err(CliError::stdout)
}

fn with_origin(error: ScenarioError, origin: &str) -> ScenarioError {
    match error {
        ScenarioError::Invalid { problems, .. } => ScenarioError::Invalid {
            file: origin.to_owned(),
            problems,
        },
        other => other,
    }
}

fn init_command(request: HistoryRequest, out: &mut dyn Write) -> Result<(), CliError> {
    write_atomically(&request.out, request.file.to_json().as_bytes(), true)?;
    let s = &request.file.manifest.settings;
    writeln!(
        out,
        "wrote {}: a history match of {} waves × {} points × {} firms over {} parameters \
         (scenario {}, priors {}, targets {}, seed {}), no wave run yet; run each wave with \
         `lpo-sim calibrate wave {} --shard I/N --out PART.json` and `lpo-sim calibrate \
         merge {} PART... --out {}`",
        request.out.display(),
        s.waves,
        count(s.points_per_wave),
        count(s.runs_per_point),
        request.file.manifest.priors.len(),
        request.scenario.origin,
        request.priors_origin,
        request.targets_origin,
        s.seed,
        request.out.display(),
        request.out.display(),
        request.out.display()
    )
    .map_err(CliError::stdout)
}

fn wave_command(request: WaveRequest, out: &mut dyn Write) -> Result<(), CliError> {
    // A shard writes nothing until its points are done: Ctrl-C quits at once.
    interrupt::install_quit();
    let base = &request.scenario.scenario;
    let s = &request.file.manifest.settings;
    let wave = request.file.waves.len() as u32 + 1;
    let planned = request.points.end - request.points.start;
    let mut progress = WaveProgress {
        bar: None,
        firms: 0,
        runs_per_point: s.runs_per_point,
        last_done: 0,
    };
    progress.start(wave, s.waves, planned);
    let clock = Progress::clock();
    let result = run_wave(
        base,
        &request.file,
        request.points.clone(),
        &ScenarioStrategy,
        request.threads,
        None,
        &mut progress,
    );
    progress.finish();
    let Some(record) = result? else {
        // Only a cancel flag stops a wave early, and this one has none.
        return Err(CliError::Interrupted {
            message: "the wave was stopped; nothing was written".to_owned(),
        });
    };
    let kept = record.plausible.len();
    let mut part = request.file.clone();
    part.waves.push(record);
    write_atomically(&request.out, part.to_json().as_bytes(), true)?;
    clock.finish().report(progress.firms, "firms");
    writeln!(
        out,
        "wave {wave} of {} from {}, shard {} (points {}..{} of {}): {} kept at the cut-off {:.2}; \
         wrote {}",
        s.waves,
        request.from.display(),
        request.shard,
        request.points.start,
        request.points.end,
        count(s.points_per_wave),
        count(kept as u64),
        request.file.cutoff_of(wave),
        request.out.display()
    )
    .map_err(CliError::stdout)
}

fn merge_command(request: CalibrationMergeRequest, out: &mut dyn Write) -> Result<(), CliError> {
    let n_parts = request.parts.len();
    let mut merged = merge_wave_parts(request.parts)?;
    if merged.is_finished() {
        // The last wave: validate as `calibrate run` does, so shards give the same file.
        let cancel = interrupt::install();
        let base = merged.manifest.base_scenario.clone();
        merged.validation = validate_ensemble(&base, &merged, None, cancel)?;
        if cancel.load(Ordering::SeqCst) {
            return Err(CliError::Interrupted {
                message: format!(
                    "the validation on fresh seeds was stopped; nothing was written (the parts \
                     are unchanged: merge them again to write {})",
                    request.out.display()
                ),
            });
        }
    }
    write_atomically(&request.out, merged.to_json().as_bytes(), true)?;
    let wave = merged.waves.last().expect("a merged file has a wave");
    let s = &merged.manifest.settings;
    let cutoff = merged.manifest.targets.implausibility.cutoff;
    let next = if merged.waves.len() < s.waves as usize {
        format!(
            "; next: `lpo-sim calibrate wave {} --shard I/N --out PART.json`",
            request.out.display()
        )
    } else {
        format!(
            "; every wave has run and {} of its plausible points stayed plausible on fresh \
             seeds, with every estimate inside its range: use it with `lpo-sim mc --ensemble`",
            count(merged.members().count() as u64)
        )
    };
    writeln!(
        out,
        "wave {} of {} merged from {} parts{}: {} points, {} kept at the cut-off {:.2}, {} \
         plausible; {} plausible parameter sets in all; wrote {}{next}",
        wave.wave,
        s.waves,
        n_parts,
        request
            .base
            .as_ref()
            .map_or(String::new(), |b| format!(" into {b}")),
        count(s.points_per_wave),
        count(wave.plausible.len() as u64),
        wave.cutoff,
        count(wave.plausible.iter().filter(|m| m.ranked <= cutoff).count() as u64),
        count(merged.members().count() as u64),
        request.out.display()
    )
    .map_err(CliError::stdout)
}
