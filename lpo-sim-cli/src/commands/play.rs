//! `lpo-sim play`: a person runs one firm a period at a time, typing commands on standard
//! input; `lpo-sim replay-game`: a saved game re-run from month 0 and printed.

use crate::args::{PlayArgs, ReplayGameArgs};
use crate::error::CliError;
use crate::request::{PlayRequest, ReplayGameRequest};
use lpo_sim_core::play::{
    CHANGE_HELP, Change, Field, Game, GameError, Odds, PeriodSummary, Standing, month_events,
    staff_by_line,
};
use lpo_sim_core::text::whole_with_separators;
use lpo_sim_core::{
    BuiltinStrategy, ClosureReason, EndReason, MonthRecord, RunOutcome, ServiceLine,
};
use lpo_sim_report::atomic::write_atomically;
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

fn money(value: f64, currency: &str) -> String {
    format!("{} {currency}", whole_with_separators(value))
}

fn help_text() -> String {
    let mut text = String::from(
        "Commands: `next` plays the next period; `choices` shows your choices; `help` this \
         list; `quit` saves and stops.\nChanges (each stays in force until changed; `auto` \
         instead of the value gives the decision back to the rule-based strategy):\n",
    );
    for (usage, what) in CHANGE_HELP {
        let _ = writeln!(text, "  {usage:<20} {what}");
    }
    let lines: Vec<&str> = ServiceLine::ALL.iter().map(|l| l.name()).collect();
    let _ = writeln!(text, "Lines: {}.", lines.join(", "));
    text
}

fn choices_text(game: &Game) -> String {
    let changes: Vec<String> = game
        .choices()
        .as_changes()
        .iter()
        .map(ToString::to_string)
        .collect();
    if changes.is_empty() {
        "Your choices: none yet; the rule-based strategy decides everything.\n".to_owned()
    } else {
        format!(
            "Your choices (the rule-based strategy decides the rest): {}.\n",
            changes.join(", ")
        )
    }
}

/// What happened in a period, where the firm stands, and the odds from here.
fn period_report(
    game: &Game,
    before: Option<&MonthRecord>,
    months: &[MonthRecord],
    odds: Option<&Odds>,
) -> String {
    let currency = &game.scenario().currency;
    let Some(s) = PeriodSummary::of(months) else {
        return "Nothing was simulated.\n".to_owned();
    };
    let last = &months[months.len() - 1];
    let mut text = format!("== Months {} to {} ==\n", s.months.0, s.months.1);
    let events = month_events(before, months);
    if events.is_empty() {
        text.push_str("Nothing happened: no hires, quits, clients won or lost, or errors.\n");
    }
    for event in events {
        let _ = writeln!(text, "{event}");
    }
    let _ = writeln!(
        text,
        "Over the period: revenue {}, profit {}, the founder drew {}; {} hired, {} quit, {} \
         laid off; {} clients won, {} lost; {} errors reached clients.",
        money(s.revenue, currency),
        money(s.profit, currency),
        money(s.founder_draw, currency),
        s.hires,
        s.quits,
        s.layoffs,
        s.clients_won,
        s.clients_lost,
        s.errors_escaped
    );
    let _ = writeln!(
        text,
        "End of month {}: cash {}; {} clients (mean trust {:.2}); staff {} (associates: {}; \
         trainers {}){}.",
        s.months.1,
        money(s.cash, currency),
        s.clients,
        s.mean_trust,
        s.staff,
        staff_by_line(last),
        last.trainers,
        if s.certified { "; certified" } else { "" }
    );
    if let Some(o) = odds {
        let _ = match o.share() {
            Some(share) => writeln!(
                text,
                "Odds from here: of {} rule-based firms on this scenario (other luck than \
                 yours), {} were still open after month {}; of those, {:.1}% were still open at \
                 month {} (median final cash {}).",
                whole_with_separators(o.firms as f64),
                o.open_now,
                o.month,
                100.0 * share,
                o.horizon,
                money(o.median_final_cash.unwrap_or(0.0), currency)
            ),
            None => writeln!(
                text,
                "Odds from here: none of {} rule-based firms on this scenario was still open \
                 after month {}.",
                whole_with_separators(o.firms as f64),
                o.month
            ),
        };
    }
    text
}

/// How a run ended, in words.
fn ending(o: &RunOutcome) -> String {
    match o.end() {
        EndReason::Open => format!("open at the horizon (month {})", o.months_run),
        EndReason::Insolvent => format!("out of cash in month {}", o.months_run),
        EndReason::Closed => format!(
            "closed by the founder in month {} ({})",
            o.months_run,
            match o.closure_reason {
                Some(ClosureReason::LowIncome) => "it paid too little",
                _ => "the founder moved on",
            }
        ),
    }
}

/// Where the finished firm stands against the firms of each built-in strategy.
fn end_report(game: &Game, player: &RunOutcome, standings: &[Standing], firms: u64) -> String {
    let currency = &game.scenario().currency;
    let signed = |x: f64| {
        if x >= 0.0 {
            format!("+{}", money(x, currency))
        } else {
            money(x, currency)
        }
    };
    let mut text = format!(
        "== The end ==\nYour firm: {}; final cash {}; the founder drew {} over the run; {} \
         clients, {} staff at the end; {} errors reached clients.\n",
        ending(player),
        money(player.final_cash, currency),
        money(player.founder_income, currency),
        player.final_clients,
        player.final_headcount,
        player.errors_escaped
    );
    let _ = writeln!(
        text,
        "Against {} firms of each built-in strategy on this scenario (replicates 0..{firms} of \
         seed {}: other luck; percentile = % of those firms below yours, ties counted half), and \
         the same strategy on your seed {} (the same luck, paired: yours − its):",
        whole_with_separators(firms as f64),
        game.seed(),
        game.seed()
    );
    for s in standings {
        let _ = writeln!(
            text,
            "  {:<13} final cash percentile {:5.1}, founder income percentile {:5.1} ({:.1}% of \
             its firms open at the end); on your luck it ended {} with cash {}: cash {}, \
             founder income {}.",
            s.strategy.name(),
            s.cash_percentile,
            s.income_percentile,
            100.0 * s.open_share,
            ending(&s.paired),
            money(s.paired.final_cash, currency),
            signed(s.cash_difference),
            signed(s.income_difference)
        );
    }
    text
}
