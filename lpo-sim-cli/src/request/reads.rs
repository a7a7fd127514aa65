//! Settings a command would silently ignore. The library says which parameters a run reads
//! ([`lpo_sim_core::reads::unread`]); here a value typed on the command line for one it
//! does not read (`--set`, `--param`) becomes a usage error with a hint naming what would
//! read it, and a scenario file's unread values a warning (a file may hold a complete
//! scenario for several uses).

use super::{LoadedEnsemble, LoadedScenario};
use crate::args::ScenarioArgs;
use crate::error::CliError;
use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::reads::{Simulated, Unread, UnreadValue, unread};
use std::io::Write;

/// What a command runs: its name, what it simulates, the strategies it runs.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The subcommand, as typed (`sweep`).
    pub command: &'static str,
    /// What it simulates.
    pub simulated: Simulated,
    /// The strategies it runs (none for `career`).
    pub strategies: &'a [BuiltinStrategy],
}

impl Reader<'_> {
    /// Refuses each of `paths`, given with `flag`, that this command does not read.
    pub fn refuse_unread<'p>(
        &self,
        flag: &str,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<(), CliError> {
        for path in paths {
            if let Some(reason) = unread(path, self.simulated, self.strategies) {
                return Err(CliError::Usage {
                    message: format!(
                        "{flag} {path}: `{}` does not read this parameter: {reason}",
                        self.command
                    ),
                    hint: self.hint(path, reason),
                });
            }
        }
        Ok(())
    }

    /// Refuses each of `paths`, given with `flag`, that this command does not read in
    /// `scenario` (as [`Reader::refuse_unread`], and the automation parameters while
    /// automation is off).
    pub fn refuse_unread_in<'p>(
        &self,
        flag: &str,
        paths: impl IntoIterator<Item = &'p str>,
        scenario: &lpo_sim_core::Scenario,
    ) -> Result<(), CliError> {
        for path in paths {
            if let Some(reason) = scenario.unread_param(path, self.simulated, self.strategies) {
                return Err(CliError::Usage {
                    message: format!(
                        "{flag} {path}: `{}` does not read this parameter: {reason}",
                        self.command
                    ),
                    hint: self.hint(path, reason),
                });
            }
        }
        Ok(())
    }

    /// Refuses `--set` values this command does not read, then warns (on stderr) of the
    /// values of the scenario file that differ from their defaults and go unread.
    pub fn check_scenario(
        &self,
        args: &ScenarioArgs,
        loaded: &LoadedScenario,
    ) -> Result<(), CliError> {
        self.refuse_unread_in(
            "--set",
            args.set.iter().map(|a| a.path.as_str()),
            &loaded.scenario,
        )?;
        if args.scenario.is_some() {
            let unused = loaded
                .scenario
                .unread_values(self.simulated, self.strategies);
            // A warning that cannot be shown changes nothing about the run.
            let _ = self.warn(&mut std::io::stderr().lock(), &loaded.origin, &unused);
        }
        Ok(())
    }

    /// Warns (on stderr) of the parameters of an `--ensemble` file this command does not read:
    /// the rest of each member acts, so this is no reason to refuse the run.
    pub fn warn_ensemble(&self, ensemble: &LoadedEnsemble) {
        // A warning that cannot be shown changes nothing about the run.
        let _ = self.ensemble_warning(&mut std::io::stderr().lock(), ensemble);
    }

    fn ensemble_warning(
        &self,
        out: &mut dyn Write,
        ensemble: &LoadedEnsemble,
    ) -> std::io::Result<()> {
        let unused: Vec<(&str, Unread)> = ensemble
            .ensemble
            .paths
            .iter()
            .filter_map(|path| {
                unread(path, self.simulated, self.strategies).map(|why| (path.as_str(), why))
            })
            .collect();
        let Some((_, reason)) = unused.first() else {
            return Ok(());
        };
        let paths: Vec<&str> = unused.iter().map(|(path, _)| *path).collect();
        writeln!(
            out,
            "warning: --ensemble {}: this `{}` run does not read {} ({reason}), so the members' \
             spread in {} is not in the result",
            ensemble.origin,
            self.command,
            paths.join(", "),
            if paths.len() == 1 { "it" } else { "them" },
        )
    }

    /// The warning for a scenario file's unread values, one line for each reason.
    fn warn(
        &self,
        out: &mut dyn Write,
        origin: &str,
        unused: &[UnreadValue],
    ) -> std::io::Result<()> {
        let mut reasons: Vec<Unread> = Vec::new();
        for value in unused {
            if !reasons.contains(&value.reason) {
                reasons.push(value.reason);
            }
        }
        for reason in reasons {
            let values: Vec<String> = unused
                .iter()
                .filter(|value| value.reason == reason)
                .map(|value| format!("{} = {}", value.path, value.value))
                .collect();
            let (shown, more) = match values.len() {
                n if n > 4 => (&values[..3], format!(" and {} more", n - 3)),
                _ => (&values[..], String::new()),
            };
            writeln!(
                out,
                "warning: `{origin}` sets {} this `{}` run does not read ({reason}): {}{more}",
                if values.len() == 1 {
                    "a value"
                } else {
                    "values"
                },
                self.command,
                shown.join(", "),
            )?;
        }
        Ok(())
    }

    /// How to make `path` count, or drop it.
    fn hint(&self, path: &str, reason: Unread) -> String {
        match reason {
            Unread::NoCareer if self.command == "mc" => {
                format!("`{path}` only acts with --lifecycle: add --lifecycle, or drop it")
            }
            Unread::NoCareer => format!(
                "`{path}` only acts when the career is simulated, which `mc --lifecycle` does; \
                 here set the founder directly with founder.* (`lpo-sim params --filter \
                 founder`), or drop it"
            ),
            Unread::FounderFromCareer => format!(
                "`{path}` only acts without --lifecycle: drop --lifecycle to start each firm \
                 with [founder], or drop it (the career's own parameters are career.*)"
            ),
            Unread::NoFirm => format!(
                "`{path}` is a firm parameter; `mc --lifecycle` founds a firm after each career, \
                 or drop it"
            ),
            Unread::AutomationOff => format!(
                "`{path}` only acts with automation on: add --ai central (or --ai fast, or \
                 --set ai.enabled=true), or drop it"
            ),
            Unread::PresetStrategy(_) if self.command == "compare" => format!(
                "`{path}` only acts with the rule-based strategy: add --strategy rule-based to \
                 the strategies compared, or drop it"
            ),
            // `PresetStrategy`, and any reason the library adds later.
            _ => format!(
                "`{path}` only acts with the rule-based strategy: give --strategy rule-based, \
                 or drop it"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::mc::Ensemble;
    use lpo_sim_core::reads::UnreadValue;

    #[test]
    fn an_ensemble_of_founders_is_warned_of_under_lifecycle_only() {
        let ensemble = LoadedEnsemble {
            ensemble: std::sync::Arc::new(Ensemble::new(
                vec![
                    "founder.savings".to_owned(),
                    "clients.happy_trust".to_owned(),
                ],
                vec![vec![1000.0, 0.5], vec![2000.0, 0.6]],
            )),
            origin: "e.json".to_owned(),
        };
        let warning = |simulated| {
            let reader = Reader {
                command: "mc",
                simulated,
                strategies: &[BuiltinStrategy::RuleBased],
            };
            let mut out = Vec::new();
            reader.ensemble_warning(&mut out, &ensemble).unwrap();
            String::from_utf8(out).unwrap()
        };
        let text = warning(Simulated::Lifecycles);
        assert!(
            text.starts_with(
                "warning: --ensemble e.json: this `mc` run does not read founder.savings"
            ),
            "{text}"
        );
        assert!(!text.contains("happy_trust"), "{text}");
        assert_eq!(warning(Simulated::Firms), "");
    }

    #[test]
    fn warning_groups_values_by_reason_and_shortens_long_lists() {
        let reader = Reader {
            command: "run",
            simulated: Simulated::Firms,
            strategies: &[BuiltinStrategy::Cautious],
        };
        let value = |path: &str, reason| UnreadValue {
            path: path.to_owned(),
            value: 1.0,
            default: 0.0,
            reason,
        };
        let mut unused = vec![value("career.saving_rate", Unread::NoCareer)];
        for name in ["a", "b", "c", "d", "e"] {
            let path = format!("strategy.rule.{name}");
            unused.push(value(
                &path,
                Unread::PresetStrategy(BuiltinStrategy::Cautious),
            ));
        }
        let mut out = Vec::new();
        reader.warn(&mut out, "s.toml", &unused).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].contains("sets a value this `run` run does not read"));
        assert!(lines[0].contains("career.saving_rate = 1"));
        assert!(
            lines[1].contains("strategy.rule.c = 1 and 2 more"),
            "{text}"
        );
        assert!(!lines[1].contains("strategy.rule.d"));
    }
}
