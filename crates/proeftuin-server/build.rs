//! Rebuilds the server when a migration is added or changed: `sqlx::migrate!`
//! embeds the `migrations` folder at compile time, and Cargo would not notice.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
