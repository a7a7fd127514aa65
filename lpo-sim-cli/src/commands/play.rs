//! `lpo-sim play`: a person runs one firm a period at a time, typing commands on standard
//! input; `lpo-sim replay-game`: a saved game re-run from month 0 and printed.

use crate::args::{PlayArgs, ReplayGameArgs};
use crate::error::CliError;
use crate::request::{PlayRequest, ReplayGameRequest};
use lpo_sim_core::play::{Change, Field, Game, GameError, Odds, Standing};
use lpo_sim_core::{BuiltinStrategy, RunOutcome};
use lpo_sim_report::atomic::write_atomically;
use lpo_sim_report::view::play::{choices_text, end_report, help_text, period_report};
use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Write};

pub fn execute(args: PlayArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = PlayRequest::from_args(args)?;
    let stdin = std::io::stdin();
    // Echo the commands when they do not come from a terminal, so that a transcript reads.
    let echo = !stdin.is_terminal();
    Session::new(request).run(&mut stdin.lock(), echo, out)
}

pub fn replay_game(args: ReplayGameArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = ReplayGameRequest::from_args(args)?;
    let game = &request.game;
    let replay = game.replay()?;
    let mut fields = Fields::new(game, request.firms);
    let mut text = format!(
        "Replay of the game in {}: seed {}, {} of {} months played, {} months a period.\n",
        request.file.display(),
        game.seed(),
        game.months_played(),
        game.scenario().horizon_months,
        game.period_months()
    );
    for m in game.moves() {
        let changes: Vec<String> = m
            .choices
            .as_changes()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let changes = if changes.is_empty() {
            "none (as rule-based)".to_owned()
        } else {
            changes.join(", ")
        };
        let _ = writeln!(
            text,
            "From month {}, your choices: {changes}.",
            m.from_month + 1
        );
    }
    out.write_all(text.as_bytes()).map_err(CliError::stdout)?;
    let period = game.period_months() as usize;
    for (i, chunk) in replay.months.chunks(period).enumerate() {
        let before = (i * period).checked_sub(1).map(|j| &replay.months[j]);
        let last = i * period + chunk.len() == replay.months.len();
        let odds = if last && game.is_finished() {
            None
        } else {
            Some(fields.odds(chunk[chunk.len() - 1].month)?)
        };
        let report = period_report(game, before, chunk, odds.as_ref());
        out.write_all(report.as_bytes()).map_err(CliError::stdout)?;
    }
    if game.is_finished() {
        let end = fields.end_report(&replay.outcome)?;
        out.write_all(end.as_bytes()).map_err(CliError::stdout)?;
    }
    writeln!(
        out,
        "Re-ran {} months from month 0 with the saved moves: the same outcome as saved, bit for bit.",
        replay.months.len()
    )
    .map_err(CliError::stdout)
}

/// The firms the player's firm is compared with, run when first needed.
struct Fields<'a> {
    game: &'a Game,
    firms: u64,
    runs: Vec<Field>,
}

impl<'a> Fields<'a> {
    fn new(game: &'a Game, firms: u64) -> Self {
        Fields {
            game,
            firms,
            runs: Vec::new(),
        }
    }

    fn field(&mut self, strategy: BuiltinStrategy) -> Result<&Field, CliError> {
        let i = match self.runs.iter().position(|f| f.strategy == strategy) {
            Some(i) => i,
            None => {
                let g = self.game;
                self.runs.push(Field::run(
                    g.scenario(),
                    g.seed(),
                    strategy,
                    self.firms,
                    None,
                )?);
                self.runs.len() - 1
            }
        };
        Ok(&self.runs[i])
    }

    fn odds(&mut self, month: u32) -> Result<Odds, CliError> {
        let horizon = self.game.scenario().horizon_months;
        Ok(Odds::of(
            self.field(BuiltinStrategy::RuleBased)?,
            month,
            horizon,
        ))
    }

    fn end_report(&mut self, player: &RunOutcome) -> Result<String, CliError> {
        let game = self.game;
        let mut standings = Vec::new();
        for strategy in BuiltinStrategy::ALL {
            let field = self.field(strategy)?;
            standings.push(Standing::of(player, field, game.scenario(), game.seed())?);
        }
        Ok(end_report(game, player, &standings, self.firms))
    }
}

/// A game being played: the game, where it is saved, and the firms it is compared with.
struct Session {
    request: PlayRequest,
    runs: Vec<Field>,
}

impl Session {
    fn new(request: PlayRequest) -> Self {
        Session {
            request,
            runs: Vec::new(),
        }
    }

    fn run(
        mut self,
        input: &mut dyn BufRead,
        echo: bool,
        out: &mut dyn Write,
    ) -> Result<(), CliError> {
        let say = |out: &mut dyn Write, text: &str| out.write_all(text.as_bytes());
        let save = self.request.save.clone();
        let shown = save.display().to_string();
        let game = &self.request.game;
        let mut intro = if self.request.resumed {
            format!(
                "Resumed the game in {shown}: seed {}, month {} of {}, {} months a period.\n",
                game.seed(),
                game.months_played(),
                game.scenario().horizon_months,
                game.period_months()
            )
        } else {
            format!(
                "New game on {}: seed {}, {} months, {} months a period; saved to {shown} after \
                 every period.\nYour firm is run as the rule-based strategy runs it until you \
                 change something: your choices replace its decisions from the next month on.\n",
                self.request.origin,
                game.seed(),
                game.scenario().horizon_months,
                game.period_months()
            )
        };
        intro.push_str(&help_text());
        if self.request.resumed {
            intro.push_str(&choices_text(game));
        } else {
            self.save(false)?;
        }
        say(out, &intro).map_err(CliError::stdout)?;
        let mut line = Vec::new();
        loop {
            let game = &self.request.game;
            write!(
                out,
                "[month {} of {}] > ",
                game.months_played(),
                game.scenario().horizon_months
            )
            .and_then(|()| out.flush())
            .map_err(CliError::stdout)?;
            line.clear();
            let read = input
                .read_until(b'\n', &mut line)
                .map_err(|e| CliError::Usage {
                    message: format!("cannot read the commands from standard input: {e}"),
                    hint: "type the commands, or pipe a file of them".to_owned(),
                })?;
            if read == 0 {
                self.save(true)?;
                let text = format!(
                    "\nEnd of input: the game is saved in {shown}; continue it with `lpo-sim \
                     play --resume {shown}`.\n"
                );
                return say(out, &text).map_err(CliError::stdout);
            }
            let text = String::from_utf8_lossy(&line);
            let command = text.trim();
            if echo {
                writeln!(out, "{command}").map_err(CliError::stdout)?;
            }
            let reply = match command.split_whitespace().next().unwrap_or("") {
                "" => String::new(),
                "help" | "?" => help_text(),
                "choices" => choices_text(&self.request.game),
                "quit" | "exit" | "q" => {
                    self.save(true)?;
                    let text = format!(
                        "Saved in {shown}; continue with `lpo-sim play --resume {shown}`.\n"
                    );
                    return say(out, &text).map_err(CliError::stdout);
                }
                "next" | "n" => {
                    let (report, finished) = self.next_period()?;
                    self.save(true)?;
                    let text = format!("{report}Saved in {shown}.\n");
                    say(out, &text).map_err(CliError::stdout)?;
                    if finished {
                        let player = self.request.game.replay()?.outcome;
                        let end = self.fields().end_report(&player)?;
                        let text = format!(
                            "{end}The game is over; `lpo-sim replay-game {shown}` replays it.\n"
                        );
                        return say(out, &text).map_err(CliError::stdout);
                    }
                    String::new()
                }
                _ => match Change::parse(command) {
                    Ok(change) => match self.request.game.change(change) {
                        Ok(()) => {
                            self.save(true)?;
                            format!(
                                "From month {}: {change}.\n",
                                self.request.game.months_played() + 1
                            )
                        }
                        Err(e) => format!("? {e}\n"),
                    },
                    Err(message) => format!("? {message}\n"),
                },
            };
            say(out, &reply).map_err(CliError::stdout)?;
        }
    }

    fn fields(&mut self) -> Fields<'_> {
        Fields {
            game: &self.request.game,
            firms: self.request.firms,
            runs: std::mem::take(&mut self.runs),
        }
    }

    /// Plays a period: its report, and whether the game is over.
    fn next_period(&mut self) -> Result<(String, bool), CliError> {
        let period = match self.request.game.play_period() {
            Ok(period) => period,
            Err(GameError::Simulation(e)) => return Err(e.into()),
            Err(other) => {
                return Err(CliError::Failed {
                    message: other.to_string(),
                    hint: None,
                });
            }
        };
        let odds = if period.finished {
            None
        } else {
            let mut fields = self.fields();
            let odds = fields.odds(period.outcome.months_run)?;
            let runs = std::mem::take(&mut fields.runs);
            self.runs = runs;
            Some(odds)
        };
        let report = period_report(
            &self.request.game,
            period.before.as_ref(),
            &period.months,
            odds.as_ref(),
        );
        Ok((report, period.finished))
    }

    fn save(&self, overwrite: bool) -> Result<(), CliError> {
        let json = self.request.game.to_json()?;
        Ok(write_atomically(
            &self.request.save,
            json.as_bytes(),
            overwrite,
        )?)
    }
}
