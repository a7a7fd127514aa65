//! [`PlayerStrategy`]: the rule-based strategy with the player's choices over it.

use super::choices::Choices;
use crate::scenario::BuiltinStrategy;
use crate::strategy::{Decisions, Observation, RuleBased, Strategy};
use serde::{Deserialize, Serialize};

/// The player's choices in force from a month on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The first month they apply to, as [`Observation::month`] counts (from 0): month
    /// `from_month + 1` of the records.
    pub from_month: u32,
    /// Every standing choice from then on (not only what changed).
    pub choices: Choices,
}

/// Runs the firm as the player does: each month the rule-based strategy decides, then the
/// choices of the last [`Move`] that has started replace its decisions. A player without
/// moves runs the firm exactly as `rule-based` does.
#[derive(Debug, Clone)]
pub struct PlayerStrategy {
    rule: RuleBased,
    moves: Vec<Move>,
}

impl PlayerStrategy {
    /// The strategy of `moves` (in increasing `from_month`) over the rule-based strategy of
    /// `rule`.
    pub fn new(rule: &crate::scenario::RuleParams, moves: Vec<Move>) -> Self {
        PlayerStrategy {
            rule: BuiltinStrategy::RuleBased.build(rule),
            moves,
        }
    }

    /// The choices in force in `month` (from 0), if any.
    pub fn choices_at(&self, month: u32) -> Option<&Choices> {
        self.moves
            .iter()
            .rev()
            .find(|m| m.from_month <= month)
            .map(|m| &m.choices)
    }
}

impl Strategy for PlayerStrategy {
    fn name(&self) -> &str {
        "player"
    }

    fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
        self.rule.decide(obs, d);
        if let Some(choices) = self.choices_at(obs.month) {
            choices.apply(obs, d);
        }
    }
}
