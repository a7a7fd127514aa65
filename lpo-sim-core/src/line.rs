//! The service lines an LPO firm can sell, and a fixed-size map keyed by them.

use serde::{Deserialize, Serialize};
use std::ops::{Index, IndexMut};

/// One outsourceable legal process. Each needs its own skills (source article, paragraph 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLine {
    /// Data organisation and filing: entry work, no legal experience needed.
    DataOrganisation,
    /// Audio transcription: entry work, easier with legal vocabulary.
    Transcription,
    /// Document review (e-discovery first pass, privilege review).
    DocumentReview,
    /// Contract and document drafting.
    ContractDrafting,
    /// Legal research and memos.
    LegalResearch,
}

impl ServiceLine {
    /// Number of service lines.
    pub const COUNT: usize = 5;

    /// Every line, in the fixed order used for all per-line arrays and all random draws.
    pub const ALL: [ServiceLine; Self::COUNT] = [
        ServiceLine::DataOrganisation,
        ServiceLine::Transcription,
        ServiceLine::DocumentReview,
        ServiceLine::ContractDrafting,
        ServiceLine::LegalResearch,
    ];

    /// Position of this line in [`ServiceLine::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in scenario files and output.
    pub const fn name(self) -> &'static str {
        match self {
            ServiceLine::DataOrganisation => "data_organisation",
            ServiceLine::Transcription => "transcription",
            ServiceLine::DocumentReview => "document_review",
            ServiceLine::ContractDrafting => "contract_drafting",
            ServiceLine::LegalResearch => "legal_research",
        }
    }

    /// Parses a snake_case line name.
    pub fn from_name(name: &str) -> Option<ServiceLine> {
        Self::ALL.into_iter().find(|line| line.name() == name)
    }

    /// Entry lines are open to people without legal experience and offer little promotion.
    pub const fn is_entry(self) -> bool {
        matches!(
            self,
            ServiceLine::DataOrganisation | ServiceLine::Transcription
        )
    }
}

impl std::fmt::Display for ServiceLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A value for each service line, stored inline (no allocation) and serialised as a table
/// keyed by line name.
///
/// # Examples
/// ```
/// use lpo_sim_core::{PerLine, ServiceLine};
/// let mut hours = PerLine::splat(0.0);
/// hours[ServiceLine::LegalResearch] = 12.5;
/// assert_eq!(hours.iter().map(|(_, h)| *h).sum::<f64>(), 12.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerLine<T> {
    /// Value for [`ServiceLine::DataOrganisation`].
    pub data_organisation: T,
    /// Value for [`ServiceLine::Transcription`].
    pub transcription: T,
    /// Value for [`ServiceLine::DocumentReview`].
    pub document_review: T,
    /// Value for [`ServiceLine::ContractDrafting`].
    pub contract_drafting: T,
    /// Value for [`ServiceLine::LegalResearch`].
    pub legal_research: T,
}

impl<T: Copy> PerLine<T> {
    /// The same value for every line.
    pub const fn splat(value: T) -> Self {
        PerLine {
            data_organisation: value,
            transcription: value,
            document_review: value,
            contract_drafting: value,
            legal_research: value,
        }
    }

    /// Builds a map by calling `f` for each line in [`ServiceLine::ALL`] order.
    pub fn from_fn(mut f: impl FnMut(ServiceLine) -> T) -> Self {
        PerLine {
            data_organisation: f(ServiceLine::DataOrganisation),
            transcription: f(ServiceLine::Transcription),
            document_review: f(ServiceLine::DocumentReview),
            contract_drafting: f(ServiceLine::ContractDrafting),
            legal_research: f(ServiceLine::LegalResearch),
        }
    }

    /// The values as an array in [`ServiceLine::ALL`] order, for hot loops: indexing it by
    /// [`ServiceLine::index`] is an offset, where indexing a `PerLine` is a `match`.
    #[inline]
    pub const fn to_array(&self) -> [T; ServiceLine::COUNT] {
        [
            self.data_organisation,
            self.transcription,
            self.document_review,
            self.contract_drafting,
            self.legal_research,
        ]
    }

    /// The map of an array in [`ServiceLine::ALL`] order (the inverse of
    /// [`PerLine::to_array`]).
    #[inline]
    pub const fn from_array(values: [T; ServiceLine::COUNT]) -> Self {
        let [
            data_organisation,
            transcription,
            document_review,
            contract_drafting,
            legal_research,
        ] = values;
        PerLine {
            data_organisation,
            transcription,
            document_review,
            contract_drafting,
            legal_research,
        }
    }

    /// Iterates `(line, &value)` in [`ServiceLine::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (ServiceLine, &T)> {
        ServiceLine::ALL
            .into_iter()
            .map(move |line| (line, &self[line]))
    }

    /// Applies `f` to every value.
    pub fn map<U: Copy>(&self, mut f: impl FnMut(ServiceLine, T) -> U) -> PerLine<U> {
        PerLine::from_fn(|line| f(line, self[line]))
    }
}

impl<T> Index<ServiceLine> for PerLine<T> {
    type Output = T;
    #[inline]
    fn index(&self, line: ServiceLine) -> &T {
        match line {
            ServiceLine::DataOrganisation => &self.data_organisation,
            ServiceLine::Transcription => &self.transcription,
            ServiceLine::DocumentReview => &self.document_review,
            ServiceLine::ContractDrafting => &self.contract_drafting,
            ServiceLine::LegalResearch => &self.legal_research,
        }
    }
}

impl<T> IndexMut<ServiceLine> for PerLine<T> {
    #[inline]
    fn index_mut(&mut self, line: ServiceLine) -> &mut T {
        match line {
            ServiceLine::DataOrganisation => &mut self.data_organisation,
            ServiceLine::Transcription => &mut self.transcription,
            ServiceLine::DocumentReview => &mut self.document_review,
            ServiceLine::ContractDrafting => &mut self.contract_drafting,
            ServiceLine::LegalResearch => &mut self.legal_research,
        }
    }
}

impl PerLine<f64> {
    /// Sum over lines in fixed order.
    pub fn sum(&self) -> f64 {
        self.iter().fold(0.0, |acc, (_, v)| acc + v)
    }
}

impl PerLine<u32> {
    /// Sum over lines in fixed order, saturating at `u32::MAX`.
    pub fn total(&self) -> u32 {
        self.iter().fold(0u32, |acc, (_, v)| acc.saturating_add(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order_is_index_order() {
        for (i, line) in ServiceLine::ALL.into_iter().enumerate() {
            assert_eq!(line.index(), i);
            assert_eq!(ServiceLine::from_name(line.name()), Some(line));
        }
        assert_eq!(ServiceLine::from_name("tax_filing"), None);
    }

    #[test]
    fn per_line_index_matches_fields() {
        let m = PerLine::from_fn(|l| l.index() as u32);
        assert_eq!(m.legal_research, 4);
        assert_eq!(m[ServiceLine::Transcription], 1);
        assert_eq!(m.total(), 10);
        let a = m.to_array();
        for line in ServiceLine::ALL {
            assert_eq!(a[line.index()], m[line]);
        }
        assert_eq!(PerLine::from_array(a), m);
    }
}
