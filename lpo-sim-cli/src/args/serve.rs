//! Arguments of `lpo-sim serve`.

use super::positive;
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;

/// Arguments of `lpo-sim serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Open the address printed in a browser. The pages need no network resource; \
                  study results are kept in memory only (the last 20). Games played in the \
                  browser (/play) and classes (/class/new) are saved in the data folder \
                  (--data), a game after every period, in the file format of `lpo-sim play`: \
                  `lpo-sim replay-game DIR/games/ID.json` replays one. No request touches a \
                  file outside that folder. Ctrl-C stops the server; studies still running \
                  are abandoned."
)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port, printed at start)
    #[arg(long, default_value_t = 8080, value_name = "PORT")]
    pub port: u16,

    /// Address to listen on; the default serves this machine only. Another address lets
    /// anyone who can reach it run studies on this machine
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,

    /// Most runs (replicates) one study or comparison may ask for
    #[arg(long, default_value_t = 20_000, value_parser = positive, value_name = "N")]
    pub max_runs: u64,

    /// Most studies running at once; further requests wait their turn
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64), value_name = "N")]
    pub max_concurrent: u16,

    /// Most studies waiting for their turn; beyond them a new one is refused ("busy", HTTP
    /// 503 with Retry-After) until one finishes
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(0..=1000), value_name = "N")]
    pub max_queued: u16,

    /// Folder of the games and classes played in the browser (created if need be); they
    /// outlive the server
    #[arg(long, default_value = "lpo-sim-data", value_name = "DIR")]
    pub data: PathBuf,

    /// Most games and classes the data folder holds; beyond them a new game or class is
    /// refused (HTTP 507) and the ones there are kept
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..), value_name = "N")]
    pub max_saved: u32,

    /// Firms of each built-in strategy a game is compared with (the odds after each period,
    /// the standing at the end), as `lpo-sim play --firms`
    #[arg(long, default_value_t = 1000, value_parser = positive, value_name = "N")]
    pub firms: u64,

    /// Calibration file (`lpo-sim calibrate run --out`, e.g. calibration/ensemble.json) whose
    /// plausible parameter sets the study form offers to run across ("across plausible
    /// worlds"), as `lpo-sim mc --ensemble FILE`; read and checked once, at start
    #[arg(long, value_name = "FILE")]
    pub ensemble: Option<PathBuf>,
}
