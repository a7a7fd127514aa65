//! Play mode and classes over real HTTP: a game created, played three periods, refused a bad
//! decision, stored in the data folder in the file format of `lpo-sim play`; ids that are
//! not ids refused; a class ranked.

use lpo_sim_core::Scenario;
use lpo_sim_core::play::{Change, Game};
use lpo_sim_web::Limits;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;

use common::{Reply, data_dir, get_from, post_to, redirected_from, start_server};

/// Firms of each built-in strategy a game is compared with: few, for the tests' speed.
const FIRMS: u64 = 40;

/// The test server's address and data folder (started on first use, on port 0).
fn server() -> (SocketAddr, &'static Path) {
    static SERVER: OnceLock<(SocketAddr, &'static Path)> = OnceLock::new();
    *SERVER.get_or_init(|| {
        let data = data_dir();
        let limits = Limits {
            play_firms: FIRMS,
            ..Limits::default()
        };
        let (addr, _) = start_server(limits, data, None, 2, std::future::pending());
        (addr, data)
    })
}

fn get(path: &str) -> Reply {
    get_from(server().0, path)
}

fn post(path: &str, form: &str) -> Reply {
    post_to(server().0, path, form)
}

/// Posts `form` to `path`, expects a redirect, and returns where to.
fn redirected(path: &str, form: &str) -> String {
    redirected_from(server().0, path, form)
}

/// A new game of `periods` quarters on `seed`: its address.
fn new_game(seed: u64, periods: u32) -> String {
    let page = redirected(
        "/play",
        &format!("seed={seed}&period=quarter&periods={periods}"),
    );
    assert!(
        page.starts_with("/play/") && page.len() == "/play/".len() + 16,
        "{page}"
    );
    page
}

fn game_file(page: &str) -> PathBuf {
    server()
        .1
        .join("games")
        .join(format!("{}.json", &page["/play/".len()..]))
}

#[test]
fn a_game_plays_three_quarters_and_is_stored_as_lpo_sim_play_stores_it() {
    let page = new_game(7, 8);
    let start = get(&page);
    assert_eq!(start.status, 200);
    assert!(
        start.body.contains("Your firm, before it opens"),
        "{}",
        start.body
    );
    assert!(start.body.contains("name=\"rigor\""));
    assert!(start.body.contains("name=\"price_legal_research\""));
    assert!(start.body.contains("Play the next quarter (months 1 to 3)"));

    assert_eq!(redirected(&page, "month=0&rigor=4"), page);
    let after = get(&page);
    assert!(
        after.body.contains("Your firm after month 3"),
        "{}",
        after.body
    );
    assert!(after.body.contains("Months 1 to 3"));
    assert!(
        after
            .body
            .contains("Odds from here: of 40 rule-based firms")
    );
    assert!(after.body.contains("<svg class=\"chart\""));
    assert!(after.body.contains("name=\"rigor\" value=\"4\""));
    for month in [3, 6] {
        redirected(&page, &format!("month={month}&rigor=4&consultant=on"));
    }
    // The same form sent again (a double click, another tab) plays nothing more.
    redirected(&page, "month=6&rigor=4&consultant=on");
    let after = get(&page);
    assert!(
        after.body.contains("Your firm after month 9"),
        "{}",
        after.body
    );
    assert!(
        after
            .body
            .contains("Play the next quarter (months 10 to 12)")
    );

    // The file is `lpo-sim play`'s, byte for byte: the same game played through the core.
    let stored = std::fs::read_to_string(game_file(&page)).expect("the game's file");
    let scenario = Scenario {
        ai: lpo_sim_core::AiPreset::None.params(),
        horizon_months: 24,
        ..Scenario::default()
    };
    let mut game = Game::new(scenario, 7, 3).expect("a game");
    game.change(Change::parse("rigor 4").expect("rigor"))
        .expect("change");
    game.play_period().expect("period 1");
    game.change(Change::parse("consultant on").expect("consultant"))
        .expect("change");
    game.play_period().expect("period 2");
    game.play_period().expect("period 3");
    assert_eq!(stored, game.to_json().expect("json"));
    let read = Game::from_json(&stored, "stored").expect("a valid saved game");
    assert_eq!(
        read.replay().expect("replay"),
        game.replay().expect("replay")
    );

    let download = get(&format!("{page}/game.json"));
    assert_eq!(download.status, 200);
    assert!(
        download
            .head
            .contains("attachment; filename=\"lpo-sim-game-")
    );
    assert_eq!(download.body, stored);
}

#[test]
fn a_bad_decision_gets_the_form_back_with_its_problem_and_plays_nothing() {
    let page = new_game(12, 4); // a firm still open after its first quarter (seed 11's founder leaves in month 3)
    redirected(&page, "month=0");
    let before = std::fs::read_to_string(game_file(&page)).expect("the game's file");
    let reply = post(&page, "month=3&rigor=99&pay=lots&staff_document_review=2");
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("Please correct your decisions"));
    assert!(
        reply
            .body
            .contains("Hiring rigor (rigor): `rigor 99`: rigor must be from 1 to 50, not 99"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("Pay level (pay): `lots` is not a number")
    );
    // The form comes back as typed, and the game has not moved.
    assert!(reply.body.contains("name=\"rigor\" value=\"99\""));
    assert!(
        reply
            .body
            .contains("name=\"staff_document_review\" value=\"2\"")
    );
    assert!(reply.body.contains("Your firm after month 3"));
    let after = std::fs::read_to_string(game_file(&page)).expect("the game's file");
    assert_eq!(before, after);

    let reply = post(&page, "rigor=4");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("which month it was made for"));

    let reply = post("/play", "seed=1&periods=0&period=year");
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("Periods (periods): 0 is not 1 to 400"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("Period (period): “year” is neither quarter nor month")
    );
}

#[test]
fn ids_that_are_not_ids_are_refused_and_reach_no_file() {
    for path in [
        "/play/..%2F..%2F..%2Fetc%2Fpasswd",
        "/play/%2E%2E",
        "/play/..%2Fclasses%2FABCDEF",
        "/play/0123456789abcdef%2F..",
        "/play/0123456789abcdeg",
        "/play/..%2F..%2Fetc%2Fpasswd/game.json",
        "/class/..%2F..%2Fetc",
        "/class/ABCDE0",
        "/class/..%2Fgames/join",
    ] {
        let reply = get(path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert!(reply.body.contains("does not name a"), "{path}");
    }
    let reply = post("/play/..%2F..%2Ftmp%2Fx", "month=0");
    assert_eq!(reply.status, 400);
    // Well-formed but absent: not found.
    assert_eq!(get("/play/0123456789abcdef").status, 404);
    assert_eq!(get("/class/ABCDEF").status, 404);
    assert_eq!(post("/class/ABCDEF/join", "name=x").status, 404);
    // Only the game's own file is served.
    let page = new_game(3, 2);
    assert_eq!(get(&format!("{page}/game.meta.json")).status, 404);
    assert_eq!(get(&format!("{page}/..%2F..%2Fx")).status, 404);
}

#[test]
fn a_class_ranks_its_finished_games_next_to_the_built_in_strategies() {
    let class = redirected(
        "/class/new",
        "title=Spring+workshop&seed=5&period=quarter&periods=2&rank_by=final_cash",
    );
    assert!(class.starts_with("/class/"), "{class}");
    let page = get(&class);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No player has finished a game yet."));
    assert!(page.body.contains(&format!("{class}/join")));

    let reply = post(&format!("{class}/join"), "name=+");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Your name (name): a name is needed"));

    let ada = redirected(&format!("{class}/join"), "name=Ada");
    let bob = redirected(&format!("{class}/join"), "name=Bob");
    let cy = redirected(&format!("{class}/join"), "name=Cy");
    for month in [0, 3] {
        redirected(&ada, &format!("month={month}"));
        redirected(
            &bob,
            &format!("month={month}&rigor=8&pay=1.4&staff_document_review=3&marketing=2000"),
        );
    }
    redirected(&cy, "month=0");
    let ended = get(&bob);
    assert!(
        ended.body.contains("The end of your firm"),
        "{}",
        ended.body
    );
    assert!(ended.body.contains("final cash percentile"));
    assert!(
        ended.body.contains("the class&#39;s ranking")
            || ended.body.contains("the class's ranking")
    );

    let page = get(&class).body;
    assert!(page.contains("Class "), "{page}");
    assert!(page.contains("By final cash"));
    assert!(page.contains("Cy: month 3 of 6"), "{page}");
    // Seven rows: two players and four built-in strategies, in the order of final cash.
    let rows: Vec<&str> = page
        .split("<tr class=\"")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or(""))
        .collect();
    assert_eq!(rows.len(), 6, "{page}");
    let cash = |row: &str| -> f64 {
        let cell = row.split("<td class=\"num\">").nth(1).expect("a cash cell");
        cell.split(' ')
            .next()
            .expect("an amount")
            .replace(',', "")
            .parse()
            .expect("a number")
    };
    let amounts: Vec<f64> = rows.iter().map(|r| cash(r)).collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
    for name in [
        ">Ada<",
        ">Bob<",
        "built-in: rule-based",
        "built-in: cautious",
        "built-in: aggressive",
        "built-in: quality-first",
    ] {
        assert!(page.contains(name), "{name} in {page}");
    }
    // Ada changed nothing: her firm is the rule-based firm on the same luck, to the cent.
    let row_of = |name: &str| {
        *rows
            .iter()
            .find(|r| r.contains(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(cash(row_of(">Ada<")), cash(row_of("built-in: rule-based")));
    assert!(get(&ada).body.contains(&format!("href=\"{class}\"")));
}
