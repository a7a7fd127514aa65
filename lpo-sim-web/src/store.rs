//! The server's data folder: games, each in the save-file format of `lpo-sim play` (so
//! `lpo-sim replay-game DATA/games/ID.json` replays a game played in the browser), and
//! classes.
//!
//! Layout: `games/{id}.json` (the game), `games/{id}.meta.json` (its player's name and class),
//! `classes/{code}.json` (a class: its world and its players). Every file is written
//! atomically (a temporary file renamed over the old one), so a kill loses at most the
//! period being played. A file's name is made only from an id or a code that
//! [`GameId::parse`] or [`ClassCode::parse`] accepted: 16 hexadecimal digits, 6 letters
//! and digits; nothing a request sends can name another file.

use lpo_sim_core::Scenario;
use lpo_sim_core::play::{Game, MAX_GAME_FILE_BYTES};
use lpo_sim_report::WriteError;
use lpo_sim_report::atomic::write_atomically;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A game's id: 16 lowercase hexadecimal digits, drawn at random.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GameId(String);

impl GameId {
    /// The id in `text`, if it is one (16 hexadecimal digits, either case).
    pub fn parse(text: &str) -> Option<GameId> {
        (text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| GameId(text.to_ascii_lowercase()))
    }

    fn random() -> GameId {
        GameId(format!("{:016x}", random_u64()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GameId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The letters and digits of class codes: no 0/O, 1/I/L, to read aloud and type.
const CODE_ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a class code.
const CODE_LEN: usize = 6;

/// A class's code: 6 capital letters and digits, drawn at random.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClassCode(String);

impl ClassCode {
    /// The code in `text`, if it is one (either case).
    pub fn parse(text: &str) -> Option<ClassCode> {
        let upper = text.to_ascii_uppercase();
        (upper.len() == CODE_LEN && upper.bytes().all(|b| CODE_ALPHABET.contains(&b)))
            .then_some(ClassCode(upper))
    }

    fn random() -> ClassCode {
        let mut n = random_u64();
        let mut code = String::with_capacity(CODE_LEN);
        for _ in 0..CODE_LEN {
            code.push(char::from(CODE_ALPHABET[(n % 31) as usize]));
            n /= 31;
        }
        ClassCode(code)
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClassCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 64 random bits: the standard library's randomly keyed hasher over a counter and the time
/// (ids need to be unpredictable enough not to be guessed by a classmate, not secret).
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
}

/// Who plays a game, beside the game file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameMeta {
    /// The player's name as typed (may be empty outside a class).
    pub name: String,
    /// The class the game belongs to, if any.
    pub class: Option<String>,
}

/// What a class ranks its games by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// Final cash.
    FinalCash,
    /// What the founder drew over the run.
    FounderIncome,
    /// Open at the end first, then the months open, then final cash.
    Survival,
}

impl RankBy {
    /// Every choice, in the form's order.
    pub const ALL: [RankBy; 3] = [RankBy::FinalCash, RankBy::Survival, RankBy::FounderIncome];

    /// The form's value.
    pub fn name(self) -> &'static str {
        match self {
            RankBy::FinalCash => "final_cash",
            RankBy::FounderIncome => "founder_income",
            RankBy::Survival => "survival",
        }
    }

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            RankBy::FinalCash => "final cash (more is better)",
            RankBy::FounderIncome => "what the founder drew over the run (more is better)",
            RankBy::Survival => {
                "survival: firms still open at the end first, then the months a firm stayed \
                 open, then final cash"
            }
        }
    }
}

/// One player of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Player {
    /// The game's id.
    pub game: String,
    /// The player's name.
    pub name: String,
}

/// A class: the world every player plays (the same scenario and seed), how games are
/// ranked, and the players who joined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// The class's code.
    pub code: String,
    /// Its name as the instructor typed it.
    pub title: String,
    /// The scenario, its horizon the periods × the period's months.
    pub scenario: Scenario,
    /// The world in words.
    pub about: String,
    /// The seed of the firm's luck, the same for every player.
    pub seed: u64,
    /// Months per period.
    pub period_months: u32,
    /// What the ranking is by.
    pub rank_by: RankBy,
    /// The players, in the order they joined.
    pub players: Vec<Player>,
}

/// Why a stored file cannot be used.
#[derive(Debug)]
pub enum StoreError {
    /// No such game or class.
    NotFound,
    /// The file cannot be read or written, or is damaged; in words.
    Failed(String),
    /// The data folder holds as many games and classes as the server allows.
    Full(usize),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound => f.write_str("not found"),
            StoreError::Failed(message) => f.write_str(message),
            StoreError::Full(most) => write!(
                f,
                "the data folder holds {most} games and classes, the most this server keeps"
            ),
        }
    }
}

/// The data folder, and a lock per game and class so that two requests never change the
/// same file at once.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    locks: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    /// Most games and classes kept (`usize::MAX`: no limit).
    max_saved: usize,
}

impl Store {
    /// Opens the data folder `root`, creating it and its `games` and `classes` folders.
    ///
    /// # Errors
    /// When a folder cannot be created.
    pub fn open(root: &Path) -> std::io::Result<Store> {
        std::fs::create_dir_all(root.join("games"))?;
        std::fs::create_dir_all(root.join("classes"))?;
        Ok(Store {
            root: root.to_owned(),
            locks: Mutex::new(HashMap::new()),
            max_saved: usize::MAX,
        })
    }

    /// The same store, refusing a new game or class once it holds `most` of them
    /// ([`StoreError::Full`]).
    pub fn with_max_saved(mut self, most: usize) -> Store {
        self.max_saved = most;
        self
    }

    /// Refuses a new game or class when the folder already holds `max_saved` of them (games
    /// counted by their game files, classes by theirs; other files ignored).
    fn check_room(&self) -> Result<(), StoreError> {
        if self.max_saved == usize::MAX {
            return Ok(());
        }
        let count = |folder: &str, keep: fn(&str) -> bool| -> Result<usize, StoreError> {
            let entries = std::fs::read_dir(self.root.join(folder))
                .map_err(|e| StoreError::Failed(format!("the data folder cannot be read: {e}")))?;
            Ok(entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_str().is_some_and(keep))
                .count())
        };
        let games = count("games", |n| {
            n.ends_with(".json") && !n.ends_with(".meta.json")
        })?;
        let classes = count("classes", |n| n.ends_with(".json"))?;
        if games + classes >= self.max_saved {
            return Err(StoreError::Full(self.max_saved));
        }
        Ok(())
    }

    /// The lock of the file named `key`; hold it while reading, changing and writing.
    pub fn lock(&self, key: &str) -> Arc<Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(locks.entry(key.to_owned()).or_default())
    }

    /// The path of game `id`'s file.
    pub fn game_path(&self, id: &GameId) -> PathBuf {
        self.root.join("games").join(format!("{id}.json"))
    }

    fn meta_path(&self, id: &GameId) -> PathBuf {
        self.root.join("games").join(format!("{id}.meta.json"))
    }

    fn class_path(&self, code: &ClassCode) -> PathBuf {
        self.root.join("classes").join(format!("{code}.json"))
    }

    /// Stores a new game and who plays it, under a fresh id.
    ///
    /// # Errors
    /// When the files cannot be written.
    pub fn create_game(&self, game: &Game, meta: &GameMeta) -> Result<GameId, StoreError> {
        self.check_room()?;
        let json = game_json(game)?;
        let meta_json = serde_json::to_string_pretty(meta)
            .map_err(|e| StoreError::Failed(format!("the game's player: {e}")))?;
        for _ in 0..8 {
            let id = GameId::random();
            // The meta file first, without overwriting: a taken id is refused there.
            match write_atomically(&self.meta_path(&id), meta_json.as_bytes(), false) {
                Ok(()) => {}
                Err(WriteError::AlreadyExists { .. }) => continue,
                Err(e) => {
                    return Err(StoreError::Failed(format!(
                        "the game could not be saved: {e}"
                    )));
                }
            }
            write_atomically(&self.game_path(&id), json.as_bytes(), false)
                .map_err(|e| StoreError::Failed(format!("the game could not be saved: {e}")))?;
            return Ok(id);
        }
        Err(StoreError::Failed(
            "no free game id could be found".to_owned(),
        ))
    }

    /// Game `id` and who plays it, checked as `lpo-sim play --resume` checks a file.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], or the file's problem.
    pub fn load_game(&self, id: &GameId) -> Result<(Game, GameMeta), StoreError> {
        let path = self.game_path(id);
        let text = read_limited(&path)?;
        let game = Game::from_json(&text, &format!("game {id}"))
            .map_err(|e| StoreError::Failed(e.to_string()))?;
        let meta = match read_limited(&self.meta_path(id)) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| StoreError::Failed(format!("game {id}'s player file: {e}")))?,
            Err(StoreError::NotFound) => GameMeta::default(),
            Err(other) => return Err(other),
        };
        Ok((game, meta))
    }

    /// The file of game `id` as stored.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], or why it cannot be read.
    pub fn game_file(&self, id: &GameId) -> Result<String, StoreError> {
        read_limited(&self.game_path(id))
    }

    /// Saves game `id` over its file.
    ///
    /// # Errors
    /// When it cannot be written.
    pub fn save_game(&self, id: &GameId, game: &Game) -> Result<(), StoreError> {
        let json = game_json(game)?;
        write_atomically(&self.game_path(id), json.as_bytes(), true)
            .map_err(|e| StoreError::Failed(format!("the game could not be saved: {e}")))
    }

    /// Stores a new class under a fresh code (its `code` field set to it).
    ///
    /// # Errors
    /// When it cannot be written.
    pub fn create_class(&self, class: &mut Class) -> Result<ClassCode, StoreError> {
        self.check_room()?;
        for _ in 0..8 {
            let code = ClassCode::random();
            code.as_str().clone_into(&mut class.code);
            let path = self.class_path(&code);
            if path.exists() {
                continue;
            }
            write_atomically(&path, class_json(class)?.as_bytes(), false)
                .map_err(|e| StoreError::Failed(format!("the class could not be saved: {e}")))?;
            return Ok(code);
        }
        Err(StoreError::Failed(
            "no free class code could be found".to_owned(),
        ))
    }

    /// Class `code`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], or the file's problem.
    pub fn load_class(&self, code: &ClassCode) -> Result<Class, StoreError> {
        let text = read_limited(&self.class_path(code))?;
        serde_json::from_str(&text)
            .map_err(|e| StoreError::Failed(format!("class {code} is damaged: {e}")))
    }

    /// Saves class `code` over its file.
    ///
    /// # Errors
    /// When it cannot be written.
    pub fn save_class(&self, code: &ClassCode, class: &Class) -> Result<(), StoreError> {
        write_atomically(&self.class_path(code), class_json(class)?.as_bytes(), true)
            .map_err(|e| StoreError::Failed(format!("the class could not be saved: {e}")))
    }
}

fn game_json(game: &Game) -> Result<String, StoreError> {
    game.to_json()
        .map_err(|e| StoreError::Failed(format!("the game could not be saved: {e}")))
}

fn class_json(class: &Class) -> Result<String, StoreError> {
    serde_json::to_string_pretty(class)
        .map(|json| json + "\n")
        .map_err(|e| StoreError::Failed(format!("the class could not be saved: {e}")))
}

/// A file of at most [`MAX_GAME_FILE_BYTES`] (and one byte more, which the readers refuse).
fn read_limited(path: &Path) -> Result<String, StoreError> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::NotFound),
        Err(e) => {
            return Err(StoreError::Failed(format!(
                "cannot read a stored file: {e}"
            )));
        }
    };
    let mut text = String::new();
    file.take(MAX_GAME_FILE_BYTES as u64 + 1)
        .read_to_string(&mut text)
        .map_err(|e| StoreError::Failed(format!("cannot read a stored file: {e}")))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full data folder refuses a new game or class and keeps what it holds; a game's
    /// player file is not a game.
    #[test]
    fn a_full_data_folder_refuses_a_new_game_or_class() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap().with_max_saved(3);
        for (folder, name) in [
            ("games", "0123456789abcdef.json"),
            ("games", "0123456789abcdef.meta.json"),
            ("classes", "ABCDEF.json"),
        ] {
            std::fs::write(dir.path().join(folder).join(name), "{}").unwrap();
        }
        assert!(store.check_room().is_ok(), "2 of 3 held");
        std::fs::write(dir.path().join("games").join("fedcba9876543210.json"), "{}").unwrap();
        assert!(matches!(store.check_room(), Err(StoreError::Full(3))));
        assert!(
            StoreError::Full(3)
                .to_string()
                .contains("holds 3 games and classes"),
            "{}",
            StoreError::Full(3)
        );
        let mut class = Class {
            code: String::new(),
            title: "Full".to_owned(),
            scenario: Scenario::default(),
            about: String::new(),
            seed: 1,
            period_months: 3,
            rank_by: RankBy::FinalCash,
            players: Vec::new(),
        };
        assert!(matches!(
            store.create_class(&mut class),
            Err(StoreError::Full(3))
        ));
        assert_eq!(
            std::fs::read_dir(dir.path().join("classes"))
                .unwrap()
                .count(),
            1
        );
        let unlimited = Store::open(dir.path()).unwrap();
        assert!(unlimited.check_room().is_ok());
    }

    #[test]
    fn ids_and_codes_accept_only_their_own_shape() {
        assert!(GameId::parse("0123456789abcdef").is_some());
        assert_eq!(
            GameId::parse("0123456789ABCDEF").map(|i| i.to_string()),
            Some("0123456789abcdef".to_owned())
        );
        for bad in [
            "",
            "..",
            "../../etc/passwd",
            "0123456789abcde",
            "0123456789abcdeg",
        ] {
            assert!(GameId::parse(bad).is_none(), "{bad}");
        }
        assert!(GameId::parse("0123456789abcd/f").is_none());
        let code = ClassCode::random();
        assert_eq!(ClassCode::parse(code.as_str()), Some(code.clone()));
        assert_eq!(
            ClassCode::parse(&code.as_str().to_ascii_lowercase()),
            Some(code)
        );
        for bad in [
            "", "ABCDE", "ABCDEFG", "ABC/EF", "..%2F.", "ABCDE0", "ABCDEI",
        ] {
            assert!(ClassCode::parse(bad).is_none(), "{bad}");
        }
        assert_ne!(GameId::random(), GameId::random());
    }
}
