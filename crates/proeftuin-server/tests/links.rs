//! In-process tests of the links of a proeftuin: the owner lists them (kind,
//! assessor, made, last used) and revokes one (a revoked secret then looks like
//! a wrong one); assessor links are invitations, claimed once for a personal
//! secret (which the device proposes, so a claim whose answer was lost can be
//! retried), and the owner can issue a new one; a create with a creation key
//! can be retried without a second proeftuin. Every test runs on SQLite and on
//! PostgreSQL (see `support`).

use axum::http::{HeaderValue, Method, StatusCode};
use chrono::DateTime;
use proeftuin_domain::wire::secret_from_bytes;
use proeftuin_domain::{criteria, Proeftuin};
use proeftuin_server::AppState;
use serde_json::{json, Value};
use support::http::{
    assert_error, call, create, delete, document, get, post, request, send, Answer,
};
use support::{count, fixture, Backend};

#[macro_use]
mod support;

const KEY: &str = "idempotency-key";
const ID: &str = "ey-1";

on_both_backends!(
    the_owner_lists_every_live_link_with_its_kind_and_never_a_secret,
    last_used_is_written_at_most_once_a_minute,
    a_revoked_link_gets_the_same_404_as_a_wrong_one_and_is_no_guess,
    the_edit_secret_in_use_cannot_be_revoked_and_only_the_owner_revokes,
    revoked_links_free_their_place_and_old_tombstones_are_pruned,
    an_invitation_is_claimed_once_for_a_personal_secret,
    of_concurrent_claims_of_one_invitation_exactly_one_wins,
    a_claim_whose_answer_was_lost_gives_the_same_answer_again,
    concurrent_retries_of_one_claim_all_get_its_answer,
    a_malformed_or_taken_proposed_secret_is_refused_and_the_invitation_stays_open,
    a_new_invitation_retires_the_earlier_personal_secret_and_keeps_the_scores,
    a_new_invitation_needs_the_owner_and_a_known_assessor,
    assessor_links_of_rounds_opened_before_invitations_keep_working,
    a_create_whose_answer_was_lost_gives_the_same_answer_again,
    concurrent_creates_with_one_key_make_one_proeftuin,
    a_creation_key_with_another_document_is_refused,
    malformed_creation_keys_are_refused_before_anything_is_stored,
    a_creation_key_is_forgotten_after_a_day_and_with_its_proeftuin,
);

// ---------------------------------------------------------------------------------------------
// Harness

fn uri(tail: &str) -> String {
    format!("/api/proeftuinen/{ID}{tail}")
}

/// `POST /api/proeftuinen` with `doc` and, if given, a creation key.
async fn create_with(state: &AppState, doc: &Proeftuin, key: Option<&str>) -> Answer {
    let mut req = call(Method::POST, "/api/proeftuinen").json(doc);
    if let Some(key) = key {
        req = req.header(KEY, key);
    }
    req.send(state).await
}

/// A new read link: `(secret, link_id)`.
async fn read_link(state: &AppState, edit: &str) -> (String, String) {
    let answer = post(state, &uri("/links"), edit, &json!({"access": "read"})).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    (
        answer.body["secret"].as_str().unwrap().to_string(),
        answer.body["link_id"].as_str().unwrap().to_string(),
    )
}

/// Opens a round; returns `(assessor_id, invitation)` per assessor.
async fn open_round(state: &AppState, edit: &str, labels: &[&str]) -> Vec<(String, String)> {
    let body = json!({"assessors": labels.iter().map(|l| json!({"label": l})).collect::<Vec<_>>()});
    let answer = post(state, &uri("/rounds"), edit, &body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    answer.body["assessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["assessor_id"].as_str().unwrap().to_string(),
                a["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn claim_answer(state: &AppState, secret: &str) -> Answer {
    send(
        state,
        Method::POST,
        &uri("/assessment/claim"),
        Some(secret),
        None,
    )
    .await
}

async fn claim(state: &AppState, invitation: &str) -> String {
    let answer = claim_answer(state, invitation).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    answer.body["secret"].as_str().unwrap().to_string()
}

/// A claim as the app sends it: with the personal secret the device proposes.
async fn claim_with(state: &AppState, invitation: &str, proposed: &str) -> Answer {
    call(Method::POST, &uri("/assessment/claim"))
        .secret(invitation)
        .json(&json!({ "secret": proposed }))
        .send(state)
        .await
}

/// A new personal secret as a device makes one: 32 random bytes.
fn proposal() -> String {
    secret_from_bytes(&rand::random())
}

async fn links(state: &AppState, edit: &str) -> Vec<Value> {
    let answer = get(state, &uri("/links"), edit).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    answer.body.as_array().unwrap().clone()
}

fn sheet(score: u8, tag: &str) -> Value {
    json!({
        "scores": criteria()
            .iter()
            .map(|c| json!({"criterion": c.id, "score": score, "reden": format!("{tag} over {}", c.id)}))
            .collect::<Vec<_>>()
    })
}

// ---------------------------------------------------------------------------------------------
// Listing links

async fn the_owner_lists_every_live_link_with_its_kind_and_never_a_secret(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, read_id) = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let personal = claim(&f.state, &assessors[0].1).await;

    let answer = get(&f.state, &uri("/links"), &edit).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    let list = answer.body.as_array().unwrap();
    let kinds: Vec<(&str, Value, Value)> = list
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap(),
                l["label"].clone(),
                l["round"].clone(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("edit", Value::Null, Value::Null),
            ("read", Value::Null, Value::Null),
            // HR's invitation is still open; Inkoop's became a personal secret.
            ("invitation", json!("HR"), json!(1)),
            ("assessor", json!("Inkoop"), json!(1)),
        ]
    );
    assert_eq!(list[0]["current"], true, "the request's own link");
    assert!(list[1..].iter().all(|l| l["current"] == false));
    assert_eq!(list[1]["link_id"], read_id);
    for l in list {
        assert!(DateTime::parse_from_rfc3339(l["created_at"].as_str().unwrap()).is_ok());
        assert_eq!(
            l.as_object().unwrap().keys().collect::<Vec<_>>(),
            // Every field, in name order (nothing else, such as a secret or its hash).
            vec![
                "created_at",
                "current",
                "kind",
                "label",
                "last_used_at",
                "link_id",
                "round"
            ]
        );
    }
    // The edit secret was used just now; the read link never.
    assert!(list[0]["last_used_at"].is_string());
    assert_eq!(list[1]["last_used_at"], Value::Null, "never used");
    for secret in [&edit, &read, &personal, &assessors[1].1, &assessors[0].1] {
        assert!(
            !answer.raw.contains(secret.as_str()),
            "a secret in the list"
        );
    }

    // Only the owner sees the list.
    for (secret, code) in [(&read, "read_only"), (&personal, "read_only")] {
        let refused = get(&f.state, &uri("/links"), secret).await;
        assert_error(&refused, StatusCode::FORBIDDEN, code);
    }
    let refused = get(&f.state, &uri("/links"), &assessors[1].1).await;
    assert_error(&refused, StatusCode::FORBIDDEN, "not_claimed");
    let wrong = get(&f.state, &uri("/links"), "geraden").await;
    assert_error(&wrong, StatusCode::NOT_FOUND, "not_found");
}

async fn last_used_is_written_at_most_once_a_minute(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, read_id) = read_link(&f.state, &edit).await;
    let last_used = |state: AppState, id: String| async move {
        sqlx::query_scalar::<_, Option<String>>("SELECT last_used_at FROM secrets WHERE id = $1")
            .bind(id)
            .fetch_one(state.db.pool())
            .await
            .unwrap()
    };
    assert_eq!(last_used(f.state.clone(), read_id.clone()).await, None);
    assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);
    let first = last_used(f.state.clone(), read_id.clone()).await.unwrap();
    for _ in 0..5 {
        assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);
    }
    assert_eq!(
        last_used(f.state.clone(), read_id.clone()).await.unwrap(),
        first,
        "reads within the minute write nothing"
    );
    // A minute later the next read notes the time again.
    sqlx::query("UPDATE secrets SET last_used_at = '2020-01-01T00:00:00.000Z' WHERE id = $1")
        .bind(&read_id)
        .execute(f.state.db.pool())
        .await
        .unwrap();
    assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);
    let later = last_used(f.state.clone(), read_id.clone()).await.unwrap();
    assert!(later >= first, "{later} after {first}");
    let listed = links(&f.state, &edit).await;
    assert_eq!(listed[1]["last_used_at"], json!(later));
}

// ---------------------------------------------------------------------------------------------
// Revoking links

async fn a_revoked_link_gets_the_same_404_as_a_wrong_one_and_is_no_guess(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, read_id) = read_link(&f.state, &edit).await;
    assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);

    let revoked = delete(&f.state, &uri(&format!("/links/{read_id}")), &edit).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT, "{}", revoked.raw);
    let wrong = get(&f.state, &uri(""), "geraden").await;
    assert_error(&wrong, StatusCode::NOT_FOUND, "not_found");
    for tail in ["", "/revisions", "/rounds"] {
        let answer = get(&f.state, &uri(tail), &read).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{tail}");
        assert_eq!(
            answer.raw, wrong.raw,
            "{tail}: the same answer as a wrong secret"
        );
    }
    let summaries = send(
        &f.state,
        Method::POST,
        "/api/proeftuinen/summaries",
        None,
        Some(&json!([{"id": ID, "secret": read}])),
    )
    .await;
    assert_eq!(summaries.body, json!([]));
    assert!(links(&f.state, &edit)
        .await
        .iter()
        .all(|l| l["link_id"] != json!(read_id)));
    // A reader whose link was revoked retries as often as the app does: that is no
    // guessing, so nobody on that address gets locked out (1 wrong guess so far).
    for _ in 0..12 {
        assert_eq!(
            get(&f.state, &uri(""), &read).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(get(&f.state, &uri(""), &edit).await.status, StatusCode::OK);
    // Revoked once: a second revoke finds nothing.
    let again = delete(&f.state, &uri(&format!("/links/{read_id}")), &edit).await;
    assert_error(&again, StatusCode::NOT_FOUND, "not_found");
}

async fn the_edit_secret_in_use_cannot_be_revoked_and_only_the_owner_revokes(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, read_id) = read_link(&f.state, &edit).await;
    let edit_id = links(&f.state, &edit).await[0]["link_id"]
        .as_str()
        .unwrap()
        .to_string();

    let own = delete(&f.state, &uri(&format!("/links/{edit_id}")), &edit).await;
    assert_error(&own, StatusCode::CONFLICT, "own_link");
    assert!(own.body["message"].as_str().unwrap().contains("bewerklink"));
    assert_eq!(get(&f.state, &uri(""), &edit).await.status, StatusCode::OK);

    let by_reader = delete(&f.state, &uri(&format!("/links/{edit_id}")), &read).await;
    assert_error(&by_reader, StatusCode::FORBIDDEN, "read_only");
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let personal = claim(&f.state, &assessors[0].1).await;
    let by_assessor = delete(&f.state, &uri(&format!("/links/{read_id}")), &personal).await;
    assert_error(&by_assessor, StatusCode::FORBIDDEN, "read_only");
    assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);

    for unknown in ["bestaat-niet", "0123456789abcdef0123456789abcdef", "%20"] {
        let answer = delete(&f.state, &uri(&format!("/links/{unknown}")), &edit).await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    }
    // Another proeftuin's link cannot be revoked from here.
    let other = create_with(&f.state, &document("ey-2"), None).await;
    let other_edit = other.body["edit_secret"].as_str().unwrap();
    let answer = delete(
        &f.state,
        &format!("/api/proeftuinen/ey-2/links/{read_id}"),
        other_edit,
    )
    .await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(get(&f.state, &uri(""), &read).await.status, StatusCode::OK);

    // Revoking an assessor's personal secret shuts them out; the owner can invite again.
    let answer = links(&f.state, &edit).await;
    let theirs = answer.iter().find(|l| l["kind"] == "assessor").unwrap();
    let revoked = delete(
        &f.state,
        &uri(&format!("/links/{}", theirs["link_id"].as_str().unwrap())),
        &edit,
    )
    .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_error(
        &get(&f.state, &uri("/assessment"), &personal).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

async fn revoked_links_free_their_place_and_old_tombstones_are_pruned(backend: Backend) {
    // 121 creations in a row: more than one client's default burst.
    let f = support::fixture_limited(
        backend,
        proeftuin_server::config::Limits {
            create_burst: 200,
            ..Default::default()
        },
    )
    .await;
    let edit = create(&f.state, ID).await;
    let mut first = None;
    // 120 read links made and revoked: more than the live limit (100) and the
    // tombstones kept (100); every one of them could be made.
    for _ in 0..120 {
        let (secret, link_id) = read_link(&f.state, &edit).await;
        first.get_or_insert(secret);
        let revoked = delete(&f.state, &uri(&format!("/links/{link_id}")), &edit).await;
        assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    }
    let tombstones = count(
        &f.state,
        "SELECT COUNT(*) FROM secrets WHERE revoked_at IS NOT NULL",
    )
    .await;
    assert_eq!(tombstones, 100);
    assert_eq!(
        links(&f.state, &edit).await.len(),
        1,
        "only the edit secret"
    );
    // The oldest tombstone is gone: its secret is now simply wrong (404 as before).
    assert_error(
        &get(&f.state, &uri(""), &first.unwrap()).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

// ---------------------------------------------------------------------------------------------
// Invitations

async fn an_invitation_is_claimed_once_for_a_personal_secret(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, _) = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let invitation = &assessors[0].1;

    // Before its claim an invitation is good for nothing else.
    for (method, tail) in [
        (Method::GET, ""),
        (Method::GET, "/assessment"),
        (Method::PUT, "/assessment"),
    ] {
        let answer = send(
            &f.state,
            method,
            &uri(tail),
            Some(invitation),
            Some(&sheet(3, "X")),
        )
        .await;
        assert_error(&answer, StatusCode::FORBIDDEN, "not_claimed");
    }

    let answer = claim_answer(&f.state, invitation).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(
        answer.body.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["secret"]
    );
    let personal = answer.body["secret"].as_str().unwrap().to_string();
    assert_eq!(personal.len(), 43);
    assert_ne!(&personal, invitation);
    let mine = get(&f.state, &uri("/assessment"), &personal).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.raw);
    assert_eq!(mine.body["label"], "Inkoop");
    assert_eq!(
        get(&f.state, &uri(""), &personal).await.body["access"],
        "assessor"
    );

    // The owner never sees the personal secret, and it is stored as a hash only.
    let rows: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM secrets")
        .fetch_all(f.state.db.pool())
        .await
        .unwrap();
    assert!(rows.iter().all(|h| h != &personal && h.len() == 64));
    for tail in ["/rounds", "/links"] {
        assert!(!get(&f.state, &uri(tail), &edit)
            .await
            .raw
            .contains(&personal));
    }

    // A second device with the same invitation is refused, clearly.
    let second = claim_answer(&f.state, invitation).await;
    assert_error(&second, StatusCode::CONFLICT, "invitation_claimed");
    assert!(second.body["message"]
        .as_str()
        .unwrap()
        .contains("al geopend op een ander apparaat"));
    let after = get(&f.state, &uri(""), invitation).await;
    assert_error(&after, StatusCode::FORBIDDEN, "not_claimed");
    // The personal secret "claimed" again is itself (a reload of the same device).
    assert_eq!(claim(&f.state, &personal).await, personal);
    // Edit and read secrets are no assessors; a wrong one is unknown.
    for secret in [&edit, &read] {
        assert_error(
            &claim_answer(&f.state, secret).await,
            StatusCode::FORBIDDEN,
            "not_assessor",
        );
    }
    assert_error(
        &claim_answer(&f.state, "geraden").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let unknown = send(
        &f.state,
        Method::POST,
        "/api/proeftuinen/bestaat-niet/assessment/claim",
        Some(invitation),
        None,
    )
    .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
}

async fn of_concurrent_claims_of_one_invitation_exactly_one_wins(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let claims = (0..8).map(|_| {
        let state = f.state.clone();
        let invitation = assessors[0].1.clone();
        tokio::spawn(async move { claim_answer(&state, &invitation).await })
    });
    let answers = futures_join(claims).await;
    let won: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for lost in answers.iter().filter(|a| a.status != StatusCode::OK) {
        assert_error(lost, StatusCode::CONFLICT, "invitation_claimed");
    }
    let personal = won[0].body["secret"].as_str().unwrap();
    assert_eq!(
        get(&f.state, &uri("/assessment"), personal).await.status,
        StatusCode::OK
    );
    assert_eq!(
        count(
            &f.state,
            "SELECT COUNT(*) FROM secrets WHERE access = 'assessor'"
        )
        .await,
        1
    );
}

async fn a_claim_whose_answer_was_lost_gives_the_same_answer_again(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let (inkoop, invitation) = &assessors[0];
    let phone = proposal();

    // The first answer is lost on the way; the phone sends the same claim again.
    let first = claim_with(&f.state, invitation, &phone).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.raw);
    assert_eq!(
        first.body,
        json!({ "secret": phone }),
        "the proposed secret"
    );
    let again = claim_with(&f.state, invitation, &phone).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.raw);
    assert_eq!(again.body, first.body, "the same answer");
    assert_eq!(
        count(
            &f.state,
            "SELECT COUNT(*) FROM secrets WHERE access = 'assessor'"
        )
        .await,
        1,
        "one personal secret"
    );
    // Stored as a hash only.
    let hashes: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM secrets")
        .fetch_all(f.state.db.pool())
        .await
        .unwrap();
    assert!(hashes.contains(&hex_sha256(&phone)));
    assert!(!hashes.contains(&phone));

    // The personal secret is the way in, up to the hand-in; the invitation is not.
    let draft = json!({"scores": [{"criterion": "impact_omvang", "score": 2, "reden": "CONCEPT"}]});
    for (method, tail) in [
        (Method::GET, "/assessment"),
        (Method::PUT, "/assessment"),
        (Method::POST, "/assessment/submit"),
    ] {
        let by_invitation = send(
            &f.state,
            method,
            &uri(tail),
            Some(invitation),
            Some(&sheet(4, "UITNODIGING")),
        )
        .await;
        assert_error(&by_invitation, StatusCode::FORBIDDEN, "not_claimed");
    }
    let saved = send(
        &f.state,
        Method::PUT,
        &uri("/assessment"),
        Some(&phone),
        Some(&draft),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.raw);
    let submitted = post(
        &f.state,
        &uri("/assessment/submit"),
        &phone,
        &sheet(4, "TELEFOON"),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);
    assert_eq!(submitted.body["submitted"], sheet(4, "TELEFOON"));
    // Even after the hand-in a retry gets the same answer.
    assert_eq!(
        claim_with(&f.state, invitation, &phone).await.body,
        first.body
    );

    // Another device, with a secret of its own or none, is refused, in plain Dutch.
    for other in [
        claim_with(&f.state, invitation, &proposal()).await,
        claim_answer(&f.state, invitation).await,
    ] {
        assert_error(&other, StatusCode::CONFLICT, "invitation_claimed");
        assert!(other.body["message"]
            .as_str()
            .unwrap()
            .contains("al geopend op een ander apparaat"));
    }

    // Once a new invitation is claimed on a laptop, the phone's retry is refused too.
    let new = post(
        &f.state,
        &uri(&format!("/rounds/1/assessors/{inkoop}/invitation")),
        &edit,
        &json!({}),
    )
    .await;
    assert_eq!(new.status, StatusCode::CREATED, "{}", new.raw);
    let laptop = proposal();
    let claimed = claim_with(&f.state, new.body["secret"].as_str().unwrap(), &laptop).await;
    assert_eq!(claimed.body, json!({ "secret": laptop }), "{}", claimed.raw);
    assert_error(
        &claim_with(&f.state, invitation, &phone).await,
        StatusCode::CONFLICT,
        "invitation_claimed",
    );
    assert_error(
        &get(&f.state, &uri("/assessment"), &phone).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let seen = get(&f.state, &uri("/assessment"), &laptop).await;
    assert_eq!(seen.body["submitted"], sheet(4, "TELEFOON"));
}

async fn concurrent_retries_of_one_claim_all_get_its_answer(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let mine = proposal();
    let claims = (0..6).map(|_| {
        let state = f.state.clone();
        let (invitation, mine) = (assessors[0].1.clone(), mine.clone());
        tokio::spawn(async move { claim_with(&state, &invitation, &mine).await })
    });
    for answer in futures_join(claims).await {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
        assert_eq!(answer.body, json!({ "secret": mine }));
    }
    assert_eq!(
        count(
            &f.state,
            "SELECT COUNT(*) FROM secrets WHERE access = 'assessor'"
        )
        .await,
        1
    );
}

async fn a_malformed_or_taken_proposed_secret_is_refused_and_the_invitation_stays_open(
    backend: Backend,
) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let invitation = &assessors[0].1;
    let good = proposal();
    let mut loose = good.clone();
    loose.replace_range(42.., "B"); // 32 bytes end in 4 bits: not canonical
    let malformed = [
        String::new(),
        "kort".into(),
        good[..42].to_string(),
        format!("{good}A"),
        loose,
        format!("{}+", &good[..42]),
        format!("{}=", &good[..42]),
        format!(" {}", &good[..42]),
    ];
    for bad in &malformed {
        let answer = claim_with(&f.state, invitation, bad).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_secret");
        assert!(
            answer.body["message"]
                .as_str()
                .unwrap()
                .contains("De nieuwe sleutel van dit apparaat klopt niet"),
            "{}",
            answer.raw
        );
    }
    // Checked before the secret: a wrong one gets the 400 too, and no guess is counted.
    assert_error(
        &claim_with(&f.state, "geraden", "kort").await,
        StatusCode::BAD_REQUEST,
        "bad_secret",
    );
    assert!(f.state.attempts.is_empty(), "no guess counted");
    // The body's JSON and shape as everywhere.
    let claim_body = |content_type: &'static str, body: &'static str| {
        call(Method::POST, &uri("/assessment/claim"))
            .secret(invitation)
            .body_as(content_type, body)
            .send(&f.state)
    };
    assert_error(
        &claim_body("application/json", "{\"secret\": ").await,
        StatusCode::BAD_REQUEST,
        "bad_json",
    );
    for shape in [r#"{"secret": 5}"#, r#"["x"]"#, "{}"] {
        let answer = claim_body("application/json", shape).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
    assert_eq!(
        claim_body("text/plain", "geheim").await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    // A secret there is already (the invitation itself, the edit secret) cannot
    // be the new one; only whoever knows it can propose it, so it counts as a guess.
    for taken in [invitation, &edit] {
        let answer = claim_with(&f.state, invitation, taken).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_secret");
    }
    assert!(!f.state.attempts.is_empty(), "counted as guesses");
    assert_eq!(
        count(
            &f.state,
            "SELECT COUNT(*) FROM secrets WHERE access = 'assessor' OR claimed_at IS NOT NULL"
        )
        .await,
        0,
        "nothing claimed"
    );
    // The invitation is still open for a good claim, and its secret works.
    let answer = claim_with(&f.state, invitation, &good).await;
    assert_eq!(answer.body, json!({ "secret": good }), "{}", answer.raw);
    assert_eq!(
        get(&f.state, &uri("/assessment"), &good).await.status,
        StatusCode::OK
    );
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

async fn a_new_invitation_retires_the_earlier_personal_secret_and_keeps_the_scores(
    backend: Backend,
) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let (inkoop, invitation) = &assessors[0];
    let phone = claim(&f.state, invitation).await;
    let saved = send(
        &f.state,
        Method::PUT,
        &uri("/assessment"),
        Some(&phone),
        Some(&json!({"scores": [{"criterion": "impact_omvang", "score": 2, "reden": "CONCEPT"}]})),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.raw);

    let invite = |state: AppState, assessor: String, edit: String| async move {
        post(
            &state,
            &uri(&format!("/rounds/1/assessors/{assessor}/invitation")),
            &edit,
            &json!({}),
        )
        .await
    };
    let first_new = invite(f.state.clone(), inkoop.clone(), edit.clone()).await;
    assert_eq!(first_new.status, StatusCode::CREATED, "{}", first_new.raw);
    assert_eq!(first_new.body["assessor_id"], json!(inkoop));
    assert_eq!(first_new.body["label"], "Inkoop");
    // Until the new invitation is claimed the phone keeps working.
    assert_eq!(
        get(&f.state, &uri("/assessment"), &phone).await.status,
        StatusCode::OK
    );
    // A newer invitation replaces the one nobody opened yet.
    let second_new = invite(f.state.clone(), inkoop.clone(), edit.clone()).await;
    assert_eq!(second_new.status, StatusCode::CREATED, "{}", second_new.raw);
    let stale = claim_answer(&f.state, first_new.body["secret"].as_str().unwrap()).await;
    assert_error(&stale, StatusCode::NOT_FOUND, "not_found");
    let listed = links(&f.state, &edit).await;
    let of_inkoop: Vec<&str> = listed
        .iter()
        .filter(|l| l["label"] == "Inkoop")
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(of_inkoop, vec!["assessor", "invitation"]);

    // The laptop claims the new invitation: the phone is shut out, the draft stays.
    let laptop = claim(&f.state, second_new.body["secret"].as_str().unwrap()).await;
    assert_error(
        &get(&f.state, &uri("/assessment"), &phone).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let mine = get(&f.state, &uri("/assessment"), &laptop).await;
    assert_eq!(mine.body["draft"]["scores"][0]["reden"], "CONCEPT");
    let submitted = post(
        &f.state,
        &uri("/assessment/submit"),
        &laptop,
        &sheet(4, "LAPTOP"),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);

    // After a hand-in a new invitation still shows the same, unchanged hand-in.
    let third = invite(f.state.clone(), inkoop.clone(), edit.clone()).await;
    let tablet = claim(&f.state, third.body["secret"].as_str().unwrap()).await;
    let seen = get(&f.state, &uri("/assessment"), &tablet).await;
    assert_eq!(seen.body["submitted"], sheet(4, "LAPTOP"));
    let again = post(
        &f.state,
        &uri("/assessment/submit"),
        &tablet,
        &sheet(1, "ANDERS"),
    )
    .await;
    assert_error(&again, StatusCode::CONFLICT, "submitted");
    // HR was never touched.
    let hr = claim(&f.state, &assessors[1].1).await;
    assert_eq!(
        get(&f.state, &uri("/assessment"), &hr).await.body["label"],
        "HR"
    );
}

async fn a_new_invitation_needs_the_owner_and_a_known_assessor(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let (read, _) = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let inkoop = &assessors[0].0;
    let path = |round: &str, assessor: &str| {
        uri(&format!("/rounds/{round}/assessors/{assessor}/invitation"))
    };
    let by_reader = post(&f.state, &path("1", inkoop), &read, &json!({})).await;
    assert_error(&by_reader, StatusCode::FORBIDDEN, "read_only");
    let by_invitee = post(&f.state, &path("1", inkoop), &assessors[0].1, &json!({})).await;
    assert_error(&by_invitee, StatusCode::FORBIDDEN, "not_claimed");
    for (round, assessor) in [
        ("2", inkoop.as_str()),
        ("0", inkoop),
        ("x", inkoop),
        ("1", "onbekend"),
    ] {
        let answer = post(&f.state, &path(round, assessor), &edit, &json!({})).await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    }
    let wrong = post(&f.state, &path("1", inkoop), "geraden", &json!({})).await;
    assert_error(&wrong, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        count(
            &f.state,
            "SELECT COUNT(*) FROM secrets WHERE access = 'invitation'"
        )
        .await,
        1,
        "nothing was issued"
    );
}

async fn assessor_links_of_rounds_opened_before_invitations_keep_working(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    // A round as migration 0004 stored it: the assessor's own secret, shown to the owner.
    let old_secret = "oudeStijlBeoordelaarsSleutel0123456789abcde";
    let hash = hex_sha256(old_secret);
    for (sql, binds) in [
        (
            "INSERT INTO assessment_rounds (proeftuin_id, round_no, created_at, closed_at) \
             VALUES ($1, 1, '2025-01-01T10:00:00.000Z', NULL)",
            vec![ID],
        ),
        (
            "INSERT INTO secrets (id, proeftuin_id, secret_hash, access, created_at) \
             VALUES ('oud-link', $1, $2, 'assessor', '2025-01-01T10:00:00.000Z')",
            vec![ID, hash.as_str()],
        ),
        (
            "INSERT INTO assessors (id, proeftuin_id, round_no, position, label, secret_id, draft) \
             VALUES ('oud-beoordelaar', $1, 1, 1, 'Oud', 'oud-link', '{\"scores\":[]}')",
            vec![ID],
        ),
    ] {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(b);
        }
        q.execute(f.state.db.pool()).await.unwrap();
    }
    // The old link opens the assessment and hands in, as before; a claim answers itself.
    assert_eq!(claim(&f.state, old_secret).await, old_secret);
    let mine = get(&f.state, &uri("/assessment"), old_secret).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.raw);
    assert_eq!(mine.body["label"], "Oud");
    let submitted = post(
        &f.state,
        &uri("/assessment/submit"),
        old_secret,
        &sheet(3, "OUD"),
    )
    .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);
    let listed = links(&f.state, &edit).await;
    let old = listed.iter().find(|l| l["link_id"] == "oud-link").unwrap();
    assert_eq!(old["kind"], "assessor");
    assert_eq!(old["label"], "Oud");
    assert_eq!(old["round"], 1);
    // A new invitation for that assessor retires the old link once claimed.
    let answer = post(
        &f.state,
        &uri("/rounds/1/assessors/oud-beoordelaar/invitation"),
        &edit,
        &json!({}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    let new = claim(&f.state, answer.body["secret"].as_str().unwrap()).await;
    assert_error(
        &get(&f.state, &uri("/assessment"), old_secret).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(
        get(&f.state, &uri("/assessment"), &new).await.body["submitted"],
        sheet(3, "OUD")
    );
}

fn hex_sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Creation keys

const A_KEY: &str = "0123456789abcdef0123456789abcdef";

async fn a_create_whose_answer_was_lost_gives_the_same_answer_again(backend: Backend) {
    let f = fixture(backend).await;
    let doc = document(ID);
    // The first answer is lost on the way; the app sends the same again.
    let first = create_with(&f.state, &doc, Some(A_KEY)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.raw);
    let again = create_with(&f.state, &doc, Some(A_KEY)).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.raw);
    assert_eq!(again.body, first.body, "the same answer");
    assert_eq!(again.body["id"], ID);
    assert_eq!(again.body["revision"], 1);
    assert_eq!(
        count(&f.state, "SELECT COUNT(*) FROM proeftuinen").await,
        1,
        "exactly one proeftuin"
    );
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM secrets").await, 1);
    for answer in [&first, &again] {
        let secret = answer.body["edit_secret"].as_str().unwrap();
        let read = get(&f.state, &uri(""), secret).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(read.body["access"], "edit");
    }
    // Without the key nothing of it can be read back: the server keeps hashes,
    // and the edit secret only masked.
    let secret = first.body["edit_secret"].as_str().unwrap();
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT key_hash || ' ' || document_hash || ' ' || masked_secret FROM creations",
    )
    .fetch_all(f.state.db.pool())
    .await
    .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(A_KEY) && !stored[0].contains(secret));
    assert!(!stored[0].contains(&hex::encode(secret.as_bytes())));
    // Updated since: the retry still gets the first answer (the app merges after).
    let mut changed = doc.clone();
    changed.vertrekpunt.naam = "Later gewijzigd".into();
    let put = call(Method::PUT, &uri(""))
        .secret(secret)
        .revision(1)
        .json(&changed)
        .send(&f.state)
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.raw);
    let late = create_with(&f.state, &doc, Some(A_KEY)).await;
    assert_eq!(late.body, first.body);
    // Without a key a second create of the id is refused as before.
    let plain = create_with(&f.state, &doc, None).await;
    assert_error(&plain, StatusCode::CONFLICT, "exists");
}

async fn concurrent_creates_with_one_key_make_one_proeftuin(backend: Backend) {
    let f = fixture(backend).await;
    let tries = (0..6).map(|_| {
        let state = f.state.clone();
        tokio::spawn(async move { create_with(&state, &document(ID), Some(A_KEY)).await })
    });
    let answers = futures_join(tries).await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
        assert_eq!(answer.body, answers[0].body);
    }
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM proeftuinen").await, 1);
    let secret = answers[0].body["edit_secret"].as_str().unwrap();
    assert_eq!(get(&f.state, &uri(""), secret).await.status, StatusCode::OK);
}

async fn a_creation_key_with_another_document_is_refused(backend: Backend) {
    let f = fixture(backend).await;
    let first = create_with(&f.state, &document(ID), Some(A_KEY)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let mut other = document(ID);
    other.vertrekpunt.naam = "Iets anders".into();
    for doc in [other, document("ey-2")] {
        let answer = create_with(&f.state, &doc, Some(A_KEY)).await;
        assert_error(&answer, StatusCode::CONFLICT, "creation_key_reused");
        assert!(!answer
            .raw
            .contains(first.body["edit_secret"].as_str().unwrap()));
    }
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM proeftuinen").await, 1);
    // Another key makes another proeftuin as usual.
    let answer = create_with(
        &f.state,
        &document("ey-2"),
        Some("fedcba9876543210fedcba9876543210"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
}

async fn malformed_creation_keys_are_refused_before_anything_is_stored(backend: Backend) {
    let f = fixture(backend).await;
    let long = "a".repeat(129);
    for key in [
        "kort",
        "0123456789abcde",
        long.as_str(),
        "0123456789abcdef 01",
        "0123456789abcdef/..",
        "ééééééééééééééééé",
    ] {
        // Not every key is text a header builder takes: the value as bytes.
        let mut req = call(Method::POST, "/api/proeftuinen")
            .json(&document(ID))
            .build();
        req.headers_mut()
            .insert(KEY, HeaderValue::from_bytes(key.as_bytes()).unwrap());
        let answer = request(&f.state, req).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_creation_key");
    }
    // Also with a body that is no document: the key is looked at first.
    let req = call(Method::POST, "/api/proeftuinen")
        .header(KEY, "kort")
        .json_bytes("{");
    assert_error(
        &req.send(&f.state).await,
        StatusCode::BAD_REQUEST,
        "bad_creation_key",
    );
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM proeftuinen").await, 0);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM creations").await, 0);
}

async fn a_creation_key_is_forgotten_after_a_day_and_with_its_proeftuin(backend: Backend) {
    let f = fixture(backend).await;
    let first = create_with(&f.state, &document(ID), Some(A_KEY)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    sqlx::query("UPDATE creations SET created_at = '2020-01-01T00:00:00.000Z'")
        .execute(f.state.db.pool())
        .await
        .unwrap();
    // After a day the key means nothing: the id is simply taken.
    let late = create_with(&f.state, &document(ID), Some(A_KEY)).await;
    assert_error(&late, StatusCode::CONFLICT, "exists");
    // A forgotten key can make a new proeftuin, and old keys are cleared meanwhile.
    let other = create_with(&f.state, &document("ey-2"), Some(A_KEY)).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.raw);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM creations").await, 1);
    // Deleting a proeftuin forgets its key: the same create then makes it anew.
    let secret = other.body["edit_secret"].as_str().unwrap().to_string();
    let deleted = delete(&f.state, "/api/proeftuinen/ey-2", &secret).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.raw);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM creations").await, 0);
    let anew = create_with(&f.state, &document("ey-2"), Some(A_KEY)).await;
    assert_eq!(anew.status, StatusCode::CREATED, "{}", anew.raw);
    assert_ne!(anew.body["edit_secret"], json!(secret));
}
