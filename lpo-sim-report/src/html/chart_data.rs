//! What the charts are drawn from, and how much they label: free of plotters, so that the
//! pages build without the `charts` feature too.

/// One parameter of the chart.
#[derive(Debug, Clone)]
pub struct Dimension<'a> {
    /// Axis title: the dotted path and its unit.
    pub title: &'a str,
    /// Whole-number parameter.
    pub integer: bool,
}

/// A point: its two parameter values (x, y) and the metric's value there.
pub type Cell = (f64, f64, f64);

/// What the heatmap notes for its caption.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Some cells were too small for their value.
    pub unlabelled: bool,
}

/// One row of a forest plot: a paired difference and its interval.
#[derive(Debug, Clone)]
pub struct DifferenceRow {
    /// The row's label (measure, arm).
    pub label: String,
    /// Mean difference, in the chart's unit.
    pub mean: f64,
    /// Its 95 % interval.
    pub ci95: [f64; 2],
    /// Which arm (for the colour).
    pub arm: usize,
}

/// Bars shown at most.
pub const TORNADO_BARS: usize = 20;
/// Factors labelled on the Morris chart.
pub const MORRIS_LABELS: usize = 10;

/// One parameter's path through the search, as shares (%) of its bounds.
pub struct ParamTrack {
    /// `(iteration, mean, mean − sd, mean + sd)`.
    pub means: Vec<(f64, f64, f64, f64)>,
    /// The winner's value.
    pub winner: f64,
    /// The starting value.
    pub start: f64,
}
