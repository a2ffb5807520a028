//! In-process tests of the document API: create, read, update with
//! `If-Match`, delete, revisions, read links, summaries, capability secrets,
//! the failure window, and refusals of bad input (always a JSON error, never
//! a 5xx or a panic).

use axum::http::{Method, StatusCode};
use proeftuin_domain::Proeftuin;
use proeftuin_server::{AppState, MAX_BODY_BYTES};
use serde_json::{json, Value};
use support::http::{assert_error, call, create, document, now, Answer};
use support::{count, fixture, Backend};

#[macro_use]
mod support;

// Every test below, once on SQLite and once on PostgreSQL (see `support`).
on_both_backends!(
    create_returns_201_with_a_secret_and_etag,
    creating_an_existing_id_is_409_and_keeps_the_first_document,
    reading_with_the_secret_gives_the_document_and_etag,
    a_wrong_or_missing_secret_looks_exactly_like_an_unknown_id,
    an_older_schema_version_is_migrated_when_stored,
    a_document_from_a_newer_schema_version_is_422,
    update_with_the_right_if_match_gives_revision_2,
    a_stale_if_match_gives_412_with_the_current_document,
    concurrent_updates_on_the_same_revision_let_exactly_one_win,
    an_update_without_if_match_is_428,
    a_replayed_old_if_match_after_a_successful_update_is_412,
    an_if_match_that_names_no_revision_is_400,
    a_document_id_other_than_the_path_is_422,
    updating_an_unknown_id_is_404,
    a_read_only_secret_can_read_but_gets_403_on_update_delete_and_links,
    an_update_checks_the_secret_among_all_links_of_the_proeftuin,
    a_link_with_an_unknown_access_is_422,
    delete_removes_the_document_and_its_history,
    every_revision_is_kept_and_readable,
    restoring_an_old_revision_stores_it_as_a_new_revision,
    summaries_list_only_the_ids_whose_secret_is_right,
    summaries_for_more_than_200_pairs_are_422,
    ten_wrong_secrets_then_429_with_retry_after,
    a_list_of_guesses_counts_every_wrong_pair_and_is_stopped,
    secrets_are_stored_only_as_hashes,
    an_inconsistent_document_is_422_with_field_errors_at_the_right_path,
    broken_json_is_400_with_a_json_body,
    wrong_types_are_422_with_the_path,
    a_body_that_is_not_json_by_content_type_is_415,
    a_body_over_2_mib_is_413_json,
    deeply_nested_json_is_a_4xx_not_a_panic,
    a_malformed_id_is_400,
    a_wrong_method_is_a_json_405,
);

fn json_bytes(doc: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(doc).unwrap()
}

/// Makes a read-only secret with the edit secret.
async fn read_link(state: &AppState, id: &str, edit_secret: &str) -> String {
    let uri = format!("/api/proeftuinen/{id}/links");
    let answer = call(Method::POST, &uri)
        .secret(edit_secret)
        .json(&json!({"access": "read"}))
        .send(state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    assert_eq!(answer.body["access"], "read");
    answer.body["secret"].as_str().unwrap().to_string()
}

async fn put(state: &AppState, id: &str, secret: &str, if_match: &str, doc: &Proeftuin) -> Answer {
    call(Method::PUT, &format!("/api/proeftuinen/{id}"))
        .secret(secret)
        .if_match(if_match)
        .json(doc)
        .send(state)
        .await
}

fn renamed(id: &str, name: &str) -> Proeftuin {
    let mut doc = document(id);
    doc.vertrekpunt.naam = name.to_string();
    doc
}

// ---------------------------------------------------------------------------------------------
// Create and read

async fn create_returns_201_with_a_secret_and_etag(backend: Backend) {
    let f = fixture(backend).await;
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&document("ey-1"))
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    assert_eq!(answer.header("etag"), Some("\"1\""));
    assert_eq!(answer.header("location"), Some("/api/proeftuinen/ey-1"));
    assert_eq!(answer.body["id"], "ey-1");
    assert_eq!(answer.body["revision"], 1);
    let secret = answer.body["edit_secret"].as_str().unwrap();
    assert_eq!(secret.len(), 43, "32 bytes as base64url without padding");
    assert_eq!(
        serde_json::from_value::<Proeftuin>(answer.body["document"].clone()).unwrap(),
        document("ey-1")
    );
}

async fn creating_an_existing_id_is_409_and_keeps_the_first_document(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&renamed("ey-1", "Overgenomen"))
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::CONFLICT, "exists");
    let read = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&secret)
        .send(&f.state)
        .await;
    assert_eq!(
        read.body["document"]["vertrekpunt"]["naam"],
        json!(document("ey-1").vertrekpunt.naam)
    );
}

async fn reading_with_the_secret_gives_the_document_and_etag(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&secret)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.header("etag"), Some("\"1\""));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.body["id"], "ey-1");
    assert_eq!(answer.body["revision"], 1);
    assert_eq!(answer.body["access"], "edit");
    assert_eq!(
        serde_json::from_value::<Proeftuin>(answer.body["document"].clone()).unwrap(),
        document("ey-1")
    );
}

async fn a_wrong_or_missing_secret_looks_exactly_like_an_unknown_id(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let other = create(&f.state, "ey-2").await;
    let unknown = call(Method::GET, "/api/proeftuinen/bestaat-niet")
        .secret(&secret)
        .send(&f.state)
        .await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    for answer in [
        call(Method::GET, "/api/proeftuinen/ey-1")
            .secret("fout-geheim")
            .send(&f.state)
            .await,
        call(Method::GET, "/api/proeftuinen/ey-1")
            .send(&f.state)
            .await,
        // A right secret, but for another proeftuin.
        call(Method::GET, "/api/proeftuinen/ey-1")
            .secret(&other)
            .send(&f.state)
            .await,
    ] {
        assert_eq!(answer.status, unknown.status);
        assert_eq!(answer.raw, unknown.raw);
    }
}

async fn an_older_schema_version_is_migrated_when_stored(backend: Backend) {
    let f = fixture(backend).await;
    let v1 = json!({
        "id": "oud-1",
        "created": "2019-02-07T09:00:00Z",
        "changed": "2019-02-07T09:00:00Z",
        "vertrekpunt": { "naam": "Oude proeftuin", "leverancier": "Berenschot" },
        "plan": { "doelgroep": "autisme" }
    });
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&v1)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    let doc = &answer.body["document"];
    assert_eq!(doc["schema_version"], proeftuin_domain::SCHEMA_VERSION);
    assert_eq!(doc["vertrekpunt"]["leveranciers"][0]["naam"], "Berenschot");
    assert_eq!(doc["plan"]["doelgroepen"], json!(["autisme"]));

    // A version-2 plan that was accepted is stored with its plan as the accepted copy.
    let v2 = json!({
        "id": "oud-2",
        "schema_version": 2,
        "status": "in_uitvoering",
        "plan": { "ambitie": "Vijf plekken" }
    });
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&v2)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    let copy = &answer.body["document"]["uitvoering"]["geaccepteerd"];
    assert_eq!(copy["plan"]["ambitie"], "Vijf plekken");
    assert_eq!(copy["op"], Value::Null);
}

async fn a_document_from_a_newer_schema_version_is_422(backend: Backend) {
    let f = fixture(backend).await;
    let mut doc = serde_json::to_value(document("ey-1")).unwrap();
    doc["schema_version"] = json!(99);
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&doc)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "newer_version");
}

// ---------------------------------------------------------------------------------------------
// Update with If-Match

async fn update_with_the_right_if_match_gives_revision_2(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = put(
        &f.state,
        "ey-1",
        &secret,
        "\"1\"",
        &renamed("ey-1", "Versie twee"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.header("etag"), Some("\"2\""));
    assert_eq!(answer.body["revision"], 2);
    assert_eq!(
        answer.body["document"]["vertrekpunt"]["naam"],
        "Versie twee"
    );
    let read = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&secret)
        .send(&f.state)
        .await;
    assert_eq!(read.header("etag"), Some("\"2\""));
    assert_eq!(read.body["document"]["vertrekpunt"]["naam"], "Versie twee");
}

async fn a_stale_if_match_gives_412_with_the_current_document(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    // Someone else saved revision 2 first.
    let first = put(
        &f.state,
        "ey-1",
        &secret,
        "\"1\"",
        &renamed("ey-1", "Van Anna"),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    // Bart still builds on revision 1.
    let answer = put(
        &f.state,
        "ey-1",
        &secret,
        "\"1\"",
        &renamed("ey-1", "Van Bart"),
    )
    .await;
    assert_error(&answer, StatusCode::PRECONDITION_FAILED, "stale");
    assert_eq!(answer.header("etag"), Some("\"2\""));
    assert_eq!(answer.body["revision"], 2);
    assert_eq!(answer.body["document"]["vertrekpunt"]["naam"], "Van Anna");
}

async fn concurrent_updates_on_the_same_revision_let_exactly_one_win(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let docs: Vec<Proeftuin> = (0..5)
        .map(|i| renamed("ey-1", &format!("Schrijver {i}")))
        .collect();
    let answers = futures_join_all(
        docs.iter()
            .map(|doc| put(&f.state, "ey-1", &secret, "\"1\"", doc))
            .collect(),
    )
    .await;
    let won = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let stale = answers
        .iter()
        .filter(|a| a.status == StatusCode::PRECONDITION_FAILED)
        .count();
    assert_eq!((won, stale), (1, 4));
    let revisions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM revisions WHERE proeftuin_id = 'ey-1'")
            .fetch_one(f.state.db.pool())
            .await
            .unwrap();
    assert_eq!(revisions, 2);
}

/// Runs the futures concurrently on this task (a tiny `join_all`, to need no extra crate).
async fn futures_join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for fut in futures {
        set.push(Box::pin(fut));
    }
    let mut outputs: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (fut, out) in set.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *out = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

async fn an_update_without_if_match_is_428(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = call(Method::PUT, "/api/proeftuinen/ey-1")
        .secret(&secret)
        .json(&renamed("ey-1", "Zonder versie"))
        .send(&f.state)
        .await;
    assert_error(
        &answer,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
    );
}

async fn a_replayed_old_if_match_after_a_successful_update_is_412(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let doc = renamed("ey-1", "Eenmaal");
    assert_eq!(
        put(&f.state, "ey-1", &secret, "\"1\"", &doc).await.status,
        StatusCode::OK
    );
    let replay = put(&f.state, "ey-1", &secret, "\"1\"", &doc).await;
    assert_error(&replay, StatusCode::PRECONDITION_FAILED, "stale");
    assert_eq!(replay.body["revision"], 2);
    let list = call(Method::GET, "/api/proeftuinen/ey-1/revisions")
        .secret(&secret)
        .send(&f.state)
        .await;
    assert_eq!(
        list.body.as_array().unwrap().len(),
        2,
        "the replay stored nothing"
    );
}

async fn an_if_match_that_names_no_revision_is_400(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    for value in ["*", "\"abc\"", "\"0\""] {
        let answer = put(&f.state, "ey-1", &secret, value, &document("ey-1")).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_precondition");
    }
}

async fn a_document_id_other_than_the_path_is_422(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = put(&f.state, "ey-1", &secret, "\"1\"", &document("ey-2")).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert_eq!(answer.body["fields"][0]["path"], "id");
}

async fn updating_an_unknown_id_is_404(backend: Backend) {
    let f = fixture(backend).await;
    let secret = create(&f.state, "ey-1").await;
    let answer = put(&f.state, "ey-2", &secret, "\"1\"", &document("ey-2")).await;
    assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------------------------------------
// Read-only links and delete

async fn a_read_only_secret_can_read_but_gets_403_on_update_delete_and_links(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let read = read_link(&f.state, "ey-1", &edit).await;
    assert_ne!(read, edit);

    let answer = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["access"], "read");

    let update = put(&f.state, "ey-1", &read, "\"1\"", &renamed("ey-1", "Niet")).await;
    assert_error(&update, StatusCode::FORBIDDEN, "read_only");
    let delete = call(Method::DELETE, "/api/proeftuinen/ey-1")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_error(&delete, StatusCode::FORBIDDEN, "read_only");
    let link = call(Method::POST, "/api/proeftuinen/ey-1/links")
        .secret(&read)
        .json(&json!({"access": "read"}))
        .send(&f.state)
        .await;
    assert_error(&link, StatusCode::FORBIDDEN, "read_only");

    let still = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(still.body["revision"], 1);
}

/// An update reads the secrets and the current revision in one go: whatever
/// other links the proeftuin has, only its edit secrets may write, a revoked
/// link or a secret of another proeftuin gets the same 404 as a guess, and
/// nothing is stored on the way.
async fn an_update_checks_the_secret_among_all_links_of_the_proeftuin(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let other = create(&f.state, "ey-2").await;
    let read = read_link(&f.state, "ey-1", &edit).await;
    let revoked = call(Method::POST, "/api/proeftuinen/ey-1/links")
        .secret(&edit)
        .json(&json!({"access": "read"}))
        .send(&f.state)
        .await;
    assert_eq!(revoked.status, StatusCode::CREATED, "{}", revoked.raw);
    let (revoked_secret, link_id) = (
        revoked.body["secret"].as_str().unwrap().to_string(),
        revoked.body["link_id"].as_str().unwrap().to_string(),
    );
    let gone = call(
        Method::DELETE,
        &format!("/api/proeftuinen/ey-1/links/{link_id}"),
    )
    .secret(&edit)
    .send(&f.state)
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.raw);

    let doc = renamed("ey-1", "Alleen met de juiste sleutel");
    assert_error(
        &put(&f.state, "ey-1", &read, "\"1\"", &doc).await,
        StatusCode::FORBIDDEN,
        "read_only",
    );
    for wrong in [&revoked_secret, &other, &"x".repeat(43)] {
        assert_error(
            &put(&f.state, "ey-1", wrong, "\"1\"", &doc).await,
            StatusCode::NOT_FOUND,
            "not_found",
        );
    }
    let saved = put(&f.state, "ey-1", &edit, "\"1\"", &doc).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.raw);
    assert_eq!(saved.body["revision"], 2);
    let history = call(Method::GET, "/api/proeftuinen/ey-1/revisions")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(
        history.body.as_array().map(Vec::len),
        Some(2),
        "{}",
        history.raw
    );
    let first = call(Method::GET, "/api/proeftuinen/ey-1/revisions/1")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_eq!(
        first.body["document"],
        json!(document("ey-1")),
        "{}",
        first.raw
    );
}

async fn a_link_with_an_unknown_access_is_422(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    for body in [
        json!({"access": "eigenaar"}),
        json!({"access": 5}),
        json!([]),
    ] {
        let answer = call(Method::POST, "/api/proeftuinen/ey-1/links")
            .secret(&edit)
            .json(&body)
            .send(&f.state)
            .await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
}

async fn delete_removes_the_document_and_its_history(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let read = read_link(&f.state, "ey-1", &edit).await;
    put(&f.state, "ey-1", &edit, "\"1\"", &renamed("ey-1", "Twee")).await;

    let answer = call(Method::DELETE, "/api/proeftuinen/ey-1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.raw);

    for secret in [&edit, &read] {
        let gone = call(Method::GET, "/api/proeftuinen/ey-1")
            .secret(secret)
            .send(&f.state)
            .await;
        assert_error(&gone, StatusCode::NOT_FOUND, "not_found");
    }
    for table in ["proeftuinen", "revisions", "secrets"] {
        let column = if table == "proeftuinen" {
            "id"
        } else {
            "proeftuin_id"
        };
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = 'ey-1'");
        let left = count(&f.state, &sql).await;
        assert_eq!(left, 0, "{table}");
    }
    // The id is free again.
    create(&f.state, "ey-1").await;
}

// ---------------------------------------------------------------------------------------------
// Revisions

async fn every_revision_is_kept_and_readable(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let read = read_link(&f.state, "ey-1", &edit).await;
    for (n, name) in [(1, "Twee"), (2, "Drie")] {
        let answer = put(
            &f.state,
            "ey-1",
            &edit,
            &format!("\"{n}\""),
            &renamed("ey-1", name),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let list = call(Method::GET, "/api/proeftuinen/ey-1/revisions")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.raw);
    let list = list.body.as_array().unwrap().clone();
    assert_eq!(
        list.iter()
            .map(|r| r["revision"].clone())
            .collect::<Vec<_>>(),
        vec![json!(1), json!(2), json!(3)]
    );
    assert!(list.iter().all(|r| r["saved_at"].is_string()));

    let expected = [
        document("ey-1").vertrekpunt.naam,
        "Twee".into(),
        "Drie".into(),
    ];
    for (n, name) in (1..=3).zip(expected) {
        let answer = call(Method::GET, &format!("/api/proeftuinen/ey-1/revisions/{n}"))
            .secret(&read)
            .send(&f.state)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
        assert_eq!(answer.body["revision"], n);
        assert_eq!(answer.body["document"]["vertrekpunt"]["naam"], json!(name));
    }
    let missing = call(Method::GET, "/api/proeftuinen/ey-1/revisions/9")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_error(&missing, StatusCode::NOT_FOUND, "not_found");
    let bad = call(Method::GET, "/api/proeftuinen/ey-1/revisions/een")
        .secret(&read)
        .send(&f.state)
        .await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "bad_revision");
}

async fn restoring_an_old_revision_stores_it_as_a_new_revision(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    put(
        &f.state,
        "ey-1",
        &edit,
        "\"1\"",
        &renamed("ey-1", "Mislukt"),
    )
    .await;
    let old = call(Method::GET, "/api/proeftuinen/ey-1/revisions/1")
        .secret(&edit)
        .send(&f.state)
        .await;
    let old: Proeftuin = serde_json::from_value(old.body["document"].clone()).unwrap();
    let restored = put(&f.state, "ey-1", &edit, "\"2\"", &old).await;
    assert_eq!(restored.status, StatusCode::OK);
    assert_eq!(restored.body["revision"], 3);
    assert_eq!(
        serde_json::from_value::<Proeftuin>(restored.body["document"].clone()).unwrap(),
        document("ey-1")
    );
}

// ---------------------------------------------------------------------------------------------
// Summaries

async fn summaries_list_only_the_ids_whose_secret_is_right(backend: Backend) {
    let f = fixture(backend).await;
    let a = create(&f.state, "ey-a").await;
    let b = create(&f.state, "ey-b").await;
    let b_read = read_link(&f.state, "ey-b", &b).await;
    create(&f.state, "ey-c").await;
    let held = json!([
        {"id": "ey-a", "secret": a},
        {"id": "ey-b", "secret": b_read},
        {"id": "ey-c", "secret": a},
        {"id": "bestaat-niet", "secret": a},
        {"id": "geen geldig id", "secret": a},
    ]);
    let answer = call(Method::POST, "/api/proeftuinen/summaries")
        .json(&held)
        .send(&f.state)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    let list = answer.body.as_array().unwrap();
    assert_eq!(list.len(), 2, "{}", answer.raw);
    assert_eq!(list[0]["id"], "ey-a");
    assert_eq!(list[0]["access"], "edit");
    assert_eq!(list[0]["revision"], 1);
    assert_eq!(list[0]["name"], json!(document("ey-a").vertrekpunt.naam));
    assert_eq!(list[0]["status"], "concept");
    assert_eq!(list[0]["changed"], json!(now()));
    assert_eq!(list[1]["id"], "ey-b");
    assert_eq!(list[1]["access"], "read");
}

async fn summaries_for_more_than_200_pairs_are_422(backend: Backend) {
    let f = fixture(backend).await;
    let held: Vec<Value> = (0..201)
        .map(|i| json!({"id": format!("p-{i}"), "secret": "x"}))
        .collect();
    let answer = call(Method::POST, "/api/proeftuinen/summaries")
        .json(&held)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "too_many");
}

// ---------------------------------------------------------------------------------------------
// Secrets and guessing

async fn ten_wrong_secrets_then_429_with_retry_after(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    // Ten different guesses (the same wrong secret again is a retry and counts once).
    for i in 0..10 {
        let answer = call(Method::GET, "/api/proeftuinen/ey-1")
            .secret(&format!("geraden-{i}"))
            .send(&f.state)
            .await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    }
    let blocked = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret("geraden")
        .send(&f.state)
        .await;
    assert_error(&blocked, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    let wait: u64 = blocked.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Until the window passes, even the right secret waits: no more guesses are checked.
    let right = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_error(&right, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    // Creating needs no secret and is not slowed down.
    create(&f.state, "ey-2").await;
}

async fn a_list_of_guesses_counts_every_wrong_pair_and_is_stopped(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let guesses: Vec<serde_json::Value> = (0..50)
        .map(|i| serde_json::json!({ "id": "ey-1", "secret": format!("gok-{i}") }))
        .collect();
    let answer = call(Method::POST, "/api/proeftuinen/summaries")
        .json(&guesses)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
    // The client is now blocked like after ten single guesses.
    let right = call(Method::GET, "/api/proeftuinen/ey-1")
        .secret(&edit)
        .send(&f.state)
        .await;
    assert_error(&right, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
}

async fn secrets_are_stored_only_as_hashes(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let read = read_link(&f.state, "ey-1", &edit).await;
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, proeftuin_id, secret_hash, access, created_at FROM secrets ORDER BY access",
    )
    .fetch_all(f.state.db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].3, "edit");
    assert_eq!(rows[1].3, "read");
    for row in &rows {
        assert_eq!(row.2.len(), 64, "SHA-256 as hex");
        assert!(row.2.chars().all(|c| c.is_ascii_hexdigit()));
    }
    // No table holds a plain secret, in any column.
    let tables = support::app_tables(&f.state.db).await;
    assert!(tables.contains(&"secrets".to_string()), "{tables:?}");
    for table in tables {
        let rows: Vec<sqlx::any::AnyRow> = sqlx::query(&format!("SELECT * FROM \"{table}\""))
            .fetch_all(f.state.db.pool())
            .await
            .unwrap();
        let dump = format!("{:?}", rows.iter().map(row_text).collect::<Vec<_>>());
        for secret in [&edit, &read] {
            assert!(!dump.contains(secret.as_str()), "plain secret in {table}");
        }
    }
}

fn row_text(row: &sqlx::any::AnyRow) -> String {
    use sqlx::{Column, Row};
    row.columns()
        .iter()
        .map(|c| {
            row.try_get::<String, _>(c.ordinal())
                .unwrap_or_else(|_| row.try_get::<i64, _>(c.ordinal()).unwrap_or(0).to_string())
        })
        .collect::<Vec<_>>()
        .join("|")
}

// ---------------------------------------------------------------------------------------------
// Bad input: always a JSON 4xx

async fn an_inconsistent_document_is_422_with_field_errors_at_the_right_path(backend: Backend) {
    let f = fixture(backend).await;
    let mut doc = document("ey-1");
    doc.beoordeling.set_score("impact_omvang", Some(9));
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&doc)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let fields = answer.body["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .any(|e| e["path"] == "beoordeling.scores.impact_omvang.score"),
        "{}",
        answer.raw
    );
    // The same refusal on update, and nothing is stored.
    let edit = create(&f.state, "ey-2").await;
    doc.id = "ey-2".into();
    let update = put(&f.state, "ey-2", &edit, "\"1\"", &doc).await;
    assert_error(&update, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert_eq!(
        update.body["fields"][0]["path"],
        "beoordeling.scores.impact_omvang.score"
    );

    // Step 6: a count above the largest number, and a measured value that is too large.
    let mut doc = document("ey-3");
    doc.uitvoering.tellingen.push(proeftuin_domain::Telling {
        id: "t1".into(),
        gestart: Some(2),
        aan_het_werk: Some(10_001),
        ..Default::default()
    });
    let mut v = serde_json::to_value(&doc).unwrap();
    v["uitvoering"]["metingen"] = json!([{"id": "m1", "indicator": "x", "waarde": 1e300}]);
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&v)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let paths: Vec<&str> = answer.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "uitvoering.metingen.m1.waarde",
            "uitvoering.tellingen.t1.aan_het_werk"
        ],
        "{}",
        answer.raw
    );
}

async fn broken_json_is_400_with_a_json_body(backend: Backend) {
    let f = fixture(backend).await;
    for body in [
        &b"{\"id\": \"ey-1\", "[..],
        b"",
        b"niet eens json",
        b"\xff\xfe",
    ] {
        let answer = call(Method::POST, "/api/proeftuinen")
            .json_bytes(body.to_vec())
            .send(&f.state)
            .await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_json");
    }
}

async fn wrong_types_are_422_with_the_path(backend: Backend) {
    let f = fixture(backend).await;
    let mut doc = serde_json::to_value(document("ey-1")).unwrap();
    doc["vertrekpunt"]["naam"] = json!(5);
    let answer = call(Method::POST, "/api/proeftuinen")
        .json(&doc)
        .send(&f.state)
        .await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert_eq!(answer.body["fields"][0]["path"], "vertrekpunt.naam");
    for not_a_document in [json!([1, 2]), json!("tekst"), json!({"foo": 1})] {
        let answer = call(Method::POST, "/api/proeftuinen")
            .json(&not_a_document)
            .send(&f.state)
            .await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
}

async fn a_body_that_is_not_json_by_content_type_is_415(backend: Backend) {
    let f = fixture(backend).await;
    let body = json_bytes(&document("ey-1"));
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let answer = call(Method::POST, "/api/proeftuinen")
            .body_as(content_type, body.clone())
            .send(&f.state)
            .await;
        assert_error(
            &answer,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    let without = call(Method::POST, "/api/proeftuinen").body(body.clone());
    assert_error(
        &without.send(&f.state).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let with_charset = call(Method::POST, "/api/proeftuinen")
        .body_as("application/json; charset=utf-8", body)
        .send(&f.state)
        .await;
    assert_eq!(with_charset.status, StatusCode::CREATED);
}

async fn a_body_over_2_mib_is_413_json(backend: Backend) {
    let f = fixture(backend).await;
    let mut doc = document("ey-1");
    doc.afronden.notities = "x".repeat(MAX_BODY_BYTES);
    let big = json_bytes(&doc);
    // Announced with Content-Length (refused by the body-limit layer) and
    // streamed without it (refused while reading).
    for announced in [true, false] {
        let mut req = call(Method::POST, "/api/proeftuinen").json_bytes(big.clone());
        if announced {
            req = req.with_content_length();
        }
        let answer = req.send(&f.state).await;
        assert_error(&answer, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    }
}

async fn deeply_nested_json_is_a_4xx_not_a_panic(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let mut bodies: Vec<Vec<u8>> = vec![
        vec![b'['; 10_000],
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        "{\"a\":".repeat(10_000).into_bytes(),
    ];
    // Deeper than our limit (64) but within serde_json's own (128), inside a real document.
    let mut doc = serde_json::to_value(document("ey-1")).unwrap();
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!([deep]);
    }
    doc["afronden"]["extra"] = deep;
    bodies.push(json_bytes(&doc));
    for body in bodies {
        let create = call(Method::POST, "/api/proeftuinen")
            .json_bytes(body.clone())
            .send(&f.state)
            .await;
        assert_error(&create, StatusCode::BAD_REQUEST, "too_deep");
        let update = put_raw(&f.state, "ey-1", &edit, body).await;
        assert_error(&update, StatusCode::BAD_REQUEST, "too_deep");
    }
}

async fn put_raw(state: &AppState, id: &str, secret: &str, body: Vec<u8>) -> Answer {
    call(Method::PUT, &format!("/api/proeftuinen/{id}"))
        .secret(secret)
        .if_match("\"1\"")
        .json_bytes(body)
        .send(state)
        .await
}

async fn a_malformed_id_is_400(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, "ey-1").await;
    let long = "a".repeat(201);
    for uri in [
        "/api/proeftuinen/met%20spatie".to_string(),
        "/api/proeftuinen/%C3%A9".to_string(),
        "/api/proeftuinen/%FF".to_string(),
        format!("/api/proeftuinen/{long}"),
        "/api/proeftuinen/a.b/revisions".to_string(),
    ] {
        let answer = call(Method::GET, &uri).secret(&edit).send(&f.state).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_id");
    }
    for id in ["", "met spatie", "summaries", long.as_str()] {
        let answer = call(Method::POST, "/api/proeftuinen")
            .json(&document(id))
            .send(&f.state)
            .await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_id");
        assert_eq!(answer.body["fields"][0]["path"], "id");
    }
}

async fn a_wrong_method_is_a_json_405(backend: Backend) {
    let f = fixture(backend).await;
    let answer = call(Method::POST, "/api/proeftuinen/ey-1")
        .json_bytes(b"{}".to_vec())
        .send(&f.state)
        .await;
    assert_error(
        &answer,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert!(answer.header("allow").is_some_and(|a| a.contains("GET")));
}
