//! The text of `lpo-sim play` and `lpo-sim replay-game` (MODEL.md §10.4): the commands, the
//! player's standing choices, what happened in a period, and where the finished firm stands
//! against the built-in strategies.

use lpo_sim_core::play::{
    CHANGE_HELP, Game, Odds, PeriodSummary, Standing, month_events, staff_by_line,
};
use lpo_sim_core::text::whole_with_separators;
use lpo_sim_core::{ClosureReason, EndReason, MonthRecord, RunOutcome, ServiceLine};
use std::fmt::Write as _;

/// An amount in whole units with thousands separators and the currency: `42,207 USD`.
pub fn money(value: f64, currency: &str) -> String {
    format!("{} {currency}", whole_with_separators(value))
}

/// The commands a player can type, one per line.
pub fn help_text() -> String {
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

/// The player's standing choices and the month each took effect.
pub fn choices_text(game: &Game) -> String {
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
pub fn period_report(
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
pub fn ending(o: &RunOutcome) -> String {
    match o.end() {
        EndReason::Open => format!("open at the horizon (month {})", o.months_run),
        EndReason::Insolvent => format!("out of cash in month {}", o.months_run),
        EndReason::Closed => format!(
            "closed by the founder in month {} ({})",
            o.months_run,
            match o.closure_reason {
                Some(ClosureReason::LowIncome) => "it paid too little",
                Some(ClosureReason::CashRunningOut) => "it was losing money and the cash ran low",
                _ => "the founder moved on",
            }
        ),
    }
}

/// Where the finished firm stands against the firms of each built-in strategy.
pub fn end_report(game: &Game, player: &RunOutcome, standings: &[Standing], firms: u64) -> String {
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
