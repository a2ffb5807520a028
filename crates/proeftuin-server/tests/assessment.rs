//! In-process tests of assessment rounds: the owner opens a round with named
//! assessors, each assessor scores blind with their own link (draft, then
//! submit), the owner sees who submitted but not what until everyone has
//! submitted or the round is closed, and a submitted score never changes.
//! Every test runs on SQLite and on PostgreSQL (see `support`).

use axum::http::{Method, StatusCode};
use proeftuin_domain::{criteria, Proeftuin};
use proeftuin_server::AppState;
use serde_json::{json, Value};
use support::http::{assert_error, call, create, document, get, post, put, send, Answer};
use support::{count, fixture, Backend};

#[macro_use]
mod support;

const ID: &str = "ey-1";

on_both_backends!(
    opening_a_round_gives_each_assessor_a_secret_shown_once,
    assessor_labels_are_checked_with_field_errors,
    a_bad_body_for_a_round_is_a_json_4xx,
    a_second_round_while_one_is_open_is_409,
    only_the_edit_secret_opens_and_closes_rounds_and_readers_can_follow,
    an_assessor_secret_reads_the_plan_without_scores_and_nothing_else,
    assessors_never_see_each_others_scores,
    the_owner_sees_who_submitted_but_not_what_until_everyone_submitted,
    closing_a_round_shows_the_submitted_scores_and_stops_all_changes,
    a_submitted_score_cannot_be_altered_by_its_assessor,
    the_owner_cannot_alter_an_assessors_scores,
    drafts_are_checked_and_a_submit_needs_every_criterion,
    of_concurrent_submits_exactly_one_wins,
    a_submit_racing_a_close_is_either_in_the_closed_round_or_refused,
    a_second_round_after_closing_keeps_the_first_readable,
    deleting_the_proeftuin_removes_rounds_and_assessor_access,
    wrong_secrets_on_assessment_endpoints_look_unknown_and_are_limited,
    assessor_links_count_towards_the_link_limit,
    summaries_name_an_assessor_secret_as_assessor,
);

// ---------------------------------------------------------------------------------------------
// Harness

fn uri(tail: &str) -> String {
    format!("/api/proeftuinen/{ID}{tail}")
}

/// Stores `doc` over revision `revision` with the edit secret; returns the status.
async fn put_document(state: &AppState, edit: &str, revision: i64, doc: &Proeftuin) -> StatusCode {
    call(Method::PUT, &uri(""))
        .secret(edit)
        .revision(revision)
        .json(doc)
        .send(state)
        .await
        .status
}

async fn read_link(state: &AppState, edit: &str) -> String {
    let answer = post(state, &uri("/links"), edit, &json!({"access": "read"})).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    answer.body["secret"].as_str().unwrap().to_string()
}

/// Claims an invitation as the assessor's device does; returns the personal secret.
async fn claim(state: &AppState, invitation: &str) -> String {
    let answer = send(
        state,
        Method::POST,
        &uri("/assessment/claim"),
        Some(invitation),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    answer.body["secret"].as_str().unwrap().to_string()
}

/// Opens a round with these labels and claims every invitation; returns the
/// assessors as `(id, personal secret)`.
async fn open_round(state: &AppState, edit: &str, labels: &[&str]) -> Vec<(String, String)> {
    let body = json!({"assessors": labels.iter().map(|l| json!({"label": l})).collect::<Vec<_>>()});
    let answer = post(state, &uri("/rounds"), edit, &body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    let mut assessors = Vec::new();
    for a in answer.body["assessors"].as_array().unwrap() {
        let personal = claim(state, a["secret"].as_str().unwrap()).await;
        assessors.push((a["assessor_id"].as_str().unwrap().to_string(), personal));
    }
    assessors
}

/// A sheet that scores every criterion `score` with a reason that carries `tag`.
fn sheet(score: u8, tag: &str) -> Value {
    json!({
        "scores": criteria()
            .iter()
            .map(|c| json!({"criterion": c.id, "score": score, "reden": format!("{tag} over {}", c.id)}))
            .collect::<Vec<_>>()
    })
}

/// A draft of one criterion.
fn draft(tag: &str) -> Value {
    json!({"scores": [{"criterion": "impact_omvang", "score": 2, "reden": tag}]})
}

async fn rounds(state: &AppState, secret: &str) -> Answer {
    let answer = get(state, &uri("/rounds"), secret).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    answer
}

async fn submit(state: &AppState, secret: &str, body: &Value) -> Answer {
    post(state, &uri("/assessment/submit"), secret, body).await
}

// ---------------------------------------------------------------------------------------------
// Opening rounds

async fn opening_a_round_gives_each_assessor_a_secret_shown_once(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let body = json!({"assessors": [{"label": "  Inkoop "}, {"label": "HR"}, {"label": "Beleid"}]});
    let answer = post(&f.state, &uri("/rounds"), &edit, &body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    assert_eq!(answer.body["round"], 1);
    assert_eq!(answer.body["status"], "open");
    let assessors = answer.body["assessors"].as_array().unwrap();
    let labels: Vec<&str> = assessors
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["Inkoop", "HR", "Beleid"], "trimmed, in order");
    let mut secrets: Vec<&str> = assessors
        .iter()
        .map(|a| a["secret"].as_str().unwrap())
        .collect();
    assert!(secrets.iter().all(|s| s.len() == 43));
    secrets.sort_unstable();
    secrets.dedup();
    assert_eq!(secrets.len(), 3, "a secret of their own for each");
    for a in assessors {
        assert_eq!(
            a.as_object().unwrap().keys().collect::<Vec<_>>(),
            vec!["assessor_id", "label", "secret"]
        );
    }

    // Each invitation, claimed, opens the assessor's own, empty assessment.
    let mut personal = Vec::new();
    for a in assessors {
        let mine = claim(&f.state, a["secret"].as_str().unwrap()).await;
        personal.push(mine.clone());
        let mine = get(&f.state, &uri("/assessment"), &mine).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.raw);
        assert_eq!(
            mine.body,
            json!({
                "round": 1, "status": "open", "label": a["label"],
                "draft": {"scores": []}, "submitted_at": null, "submitted": null
            })
        );
    }

    // Stored as hashes only, as assessor secrets; the round lists no secrets.
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT secret_hash, access FROM secrets WHERE access = 'assessor' ORDER BY id",
    )
    .fetch_all(f.state.db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    let list = rounds(&f.state, &edit).await;
    let secrets: Vec<&str> = secrets
        .into_iter()
        .chain(personal.iter().map(String::as_str))
        .collect();
    for secret in &secrets {
        assert!(!list.raw.contains(secret), "a secret is shown only once");
        assert!(rows.iter().all(|(hash, _)| hash != secret));
    }
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT id || secret_hash || access FROM secrets \
         UNION ALL SELECT id || label || secret_id || draft FROM assessors",
    )
    .fetch_all(f.state.db.pool())
    .await
    .unwrap();
    // The edit secret, three invitations, three personal secrets, three assessors.
    assert_eq!(stored.len(), 10);
    for secret in &secrets {
        assert!(
            stored.iter().all(|row| !row.contains(secret)),
            "plain secret stored"
        );
    }
    let list = list.body.as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["round"], 1);
    assert_eq!(list[0]["status"], "open");
    assert!(list[0]["created_at"].is_string());
    assert_eq!(list[0]["closed_at"], Value::Null);
    for (shown, opened) in list[0]["assessors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(assessors)
    {
        assert_eq!(shown["assessor_id"], opened["assessor_id"]);
        assert_eq!(shown["label"], opened["label"]);
        assert_eq!(shown["submitted_at"], Value::Null);
        assert_eq!(shown["scores"], Value::Null);
    }
}

async fn assessor_labels_are_checked_with_field_errors(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let thirteen: Vec<Value> = (1..=13)
        .map(|i| json!({"label": format!("B{i}")}))
        .collect();
    let cases = [
        (json!({"assessors": []}), "assessors"),
        (json!({}), "assessors"),
        (json!({"assessors": thirteen}), "assessors"),
        (
            json!({"assessors": [{"label": "Inkoop"}, {"label": "  "}]}),
            "assessors.1.label",
        ),
        (
            json!({"assessors": [{"label": "Inkoop"}, {"label": "INKOOP "}]}),
            "assessors.1.label",
        ),
        (
            json!({"assessors": [{"label": "x".repeat(81)}]}),
            "assessors.0.label",
        ),
        (json!({"assessors": [{}]}), "assessors.0.label"),
    ];
    for (body, path) in cases {
        let answer = post(&f.state, &uri("/rounds"), &edit, &body).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        assert_eq!(answer.body["fields"][0]["path"], path, "{}", answer.raw);
    }
    // Nothing was opened; the limits themselves are fine.
    assert_eq!(rounds(&f.state, &edit).await.body, json!([]));
    let twelve: Vec<Value> = (1..=12)
        .map(|i| json!({"label": format!("{}{i}", "x".repeat(78))}))
        .collect();
    let answer = post(
        &f.state,
        &uri("/rounds"),
        &edit,
        &json!({"assessors": twelve}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
}

async fn a_bad_body_for_a_round_is_a_json_4xx(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let res = call(Method::POST, &uri("/rounds"))
        .secret(&edit)
        .json_bytes("{\"assessors\": [")
        .send(&f.state)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = call(Method::POST, &uri("/rounds"))
        .secret(&edit)
        .body_as("text/plain", "{\"assessors\": [{\"label\": \"HR\"}]}")
        .send(&f.state)
        .await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    for body in [
        json!([1]),
        json!([[{"label": "HR"}]]),
        json!({"assessors": "HR"}),
        json!({"assessors": [{"label": 5}]}),
    ] {
        let answer = post(&f.state, &uri("/rounds"), &edit, &body).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
    let mut deep = json!("HR");
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let answer = post(
        &f.state,
        &uri("/rounds"),
        &edit,
        &json!({"assessors": [{"label": deep}]}),
    )
    .await;
    assert_error(&answer, StatusCode::BAD_REQUEST, "too_deep");
}

async fn a_second_round_while_one_is_open_is_409(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    open_round(&f.state, &edit, &["Inkoop"]).await;
    let answer = post(
        &f.state,
        &uri("/rounds"),
        &edit,
        &json!({"assessors": [{"label": "HR"}]}),
    )
    .await;
    assert_error(&answer, StatusCode::CONFLICT, "round_open");
    assert_eq!(
        rounds(&f.state, &edit).await.body.as_array().unwrap().len(),
        1
    );
}

async fn only_the_edit_secret_opens_and_closes_rounds_and_readers_can_follow(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let read = read_link(&f.state, &edit).await;
    let body = json!({"assessors": [{"label": "HR"}]});

    let answer = post(&f.state, &uri("/rounds"), &read, &body).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "read_only");
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let assessor = &assessors[0].1;

    let seen = rounds(&f.state, &read).await;
    assert_eq!(seen.body[0]["round"], 1);

    for secret in [&read, assessor] {
        let close = post(&f.state, &uri("/rounds/1/close"), secret, &json!({})).await;
        assert_error(&close, StatusCode::FORBIDDEN, "read_only");
    }
    let answer = post(&f.state, &uri("/rounds"), assessor, &body).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "read_only");
    let answer = get(&f.state, &uri("/rounds"), assessor).await;
    assert_error(&answer, StatusCode::FORBIDDEN, "read_only");

    let unknown = post(&f.state, &uri("/rounds/7/close"), &edit, &json!({})).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    let not_a_number = post(&f.state, &uri("/rounds/een/close"), &edit, &json!({})).await;
    assert_error(&not_a_number, StatusCode::NOT_FOUND, "not_found");

    let closed = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.raw);
    assert_eq!(closed.body["status"], "closed");
    assert!(closed.body["closed_at"].is_string());
    let again = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_error(&again, StatusCode::CONFLICT, "round_closed");
    assert_eq!(rounds(&f.state, &read).await.body[0]["status"], "closed");
}

async fn an_assessor_secret_reads_the_plan_without_scores_and_nothing_else(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    // The owner has already put scores of their own in the document.
    let mut doc = document(ID);
    doc.beoordeling.set_score("impact_omvang", Some(5));
    doc.beoordeling
        .set_reden("impact_omvang", "Eigen score van de eigenaar");
    assert_eq!(put_document(&f.state, &edit, 1, &doc).await, StatusCode::OK);
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let assessor = &assessors[0].1;

    let plan = get(&f.state, &uri(""), assessor).await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.raw);
    assert_eq!(plan.body["access"], "assessor");
    assert_eq!(plan.body["revision"], 2);
    assert_eq!(
        plan.body["document"]["vertrekpunt"]["naam"],
        json!(doc.vertrekpunt.naam)
    );
    assert_eq!(plan.body["document"]["beoordeling"]["scores"], json!([]));
    assert!(!plan.raw.contains("Eigen score van de eigenaar"));
    let owner = get(&f.state, &uri(""), &edit).await;
    assert!(owner.raw.contains("Eigen score van de eigenaar"));

    let update = send(
        &f.state,
        Method::PUT,
        &uri(""),
        Some(assessor),
        Some(&serde_json::to_value(document(ID)).unwrap()),
    )
    .await;
    assert_error(&update, StatusCode::FORBIDDEN, "read_only");
    let delete = send(&f.state, Method::DELETE, &uri(""), Some(assessor), None).await;
    assert_error(&delete, StatusCode::FORBIDDEN, "read_only");
    let link = post(
        &f.state,
        &uri("/links"),
        assessor,
        &json!({"access": "read"}),
    )
    .await;
    assert_error(&link, StatusCode::FORBIDDEN, "read_only");
    for tail in ["/revisions", "/revisions/1", "/revisions/2"] {
        let answer = get(&f.state, &uri(tail), assessor).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "read_only");
    }
    // The owner cannot make an assessor link by hand either.
    let link = post(
        &f.state,
        &uri("/links"),
        &edit,
        &json!({"access": "assessor"}),
    )
    .await;
    assert_error(&link, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    // The document is unchanged and still there.
    assert_eq!(get(&f.state, &uri(""), &edit).await.body["revision"], 2);
}

async fn assessors_never_see_each_others_scores(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Anna", "Bart"]).await;
    let (a, b) = (&assessors[0].1, &assessors[1].1);
    let reads_of_a = |state: AppState, a: String| async move {
        let mut raw = String::new();
        for tail in ["/assessment", ""] {
            let answer = get(&state, &uri(tail), &a).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
            raw.push_str(&answer.raw);
        }
        raw
    };

    let saved = put(&f.state, &uri("/assessment"), b, &draft("BART-CONCEPT")).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.raw);
    assert_eq!(saved.body["draft"], draft("BART-CONCEPT"));
    let seen = reads_of_a(f.state.clone(), a.clone()).await;
    assert!(!seen.contains("BART"), "{seen}");

    let submitted = submit(&f.state, b, &sheet(4, "BART-INGEDIEND")).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);
    let seen = reads_of_a(f.state.clone(), a.clone()).await;
    assert!(!seen.contains("BART"), "{seen}");

    // A's own answers while saving and submitting carry only A's scores.
    let saved = put(&f.state, &uri("/assessment"), a, &draft("ANNA-CONCEPT")).await;
    assert!(!saved.raw.contains("BART"), "{}", saved.raw);
    assert_eq!(saved.body["label"], "Anna");
    let submitted = submit(&f.state, a, &sheet(2, "ANNA-INGEDIEND")).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);
    assert!(!submitted.raw.contains("BART"), "{}", submitted.raw);
    // Even with everyone submitted, an assessor's link shows only their own scores.
    let seen = reads_of_a(f.state.clone(), a.clone()).await;
    assert!(!seen.contains("BART"), "{seen}");
    assert!(seen.contains("ANNA-INGEDIEND"));
    let seen_by_b = reads_of_a(f.state.clone(), b.clone()).await;
    assert!(!seen_by_b.contains("ANNA"), "{seen_by_b}");
}

async fn the_owner_sees_who_submitted_but_not_what_until_everyone_submitted(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let read = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR", "Beleid"]).await;
    let secrets: Vec<&String> = assessors.iter().map(|(_, s)| s).collect();

    put(
        &f.state,
        &uri("/assessment"),
        secrets[0],
        &draft("CONCEPT-INKOOP"),
    )
    .await;
    let first = submit(&f.state, secrets[1], &sheet(4, "HR-INGEDIEND")).await;
    assert_eq!(first.status, StatusCode::OK);
    let submitted_at = first.body["submitted_at"].as_str().unwrap().to_string();
    let second = submit(&f.state, secrets[2], &sheet(3, "BELEID-INGEDIEND")).await;
    assert_eq!(second.status, StatusCode::OK);

    for secret in [&edit, &read] {
        let list = rounds(&f.state, secret).await;
        let shown = list.body[0]["assessors"].as_array().unwrap().clone();
        assert_eq!(shown[0]["submitted_at"], Value::Null);
        assert_eq!(shown[1]["submitted_at"], json!(submitted_at));
        assert!(shown[2]["submitted_at"].is_string());
        assert!(shown.iter().all(|a| a["scores"].is_null()), "{}", list.raw);
        for hidden in ["CONCEPT-INKOOP", "HR-INGEDIEND", "BELEID-INGEDIEND"] {
            assert!(!list.raw.contains(hidden), "{}", list.raw);
        }
    }

    // The last one submits: now everyone's submitted sheet is there, drafts never.
    let last = submit(&f.state, secrets[0], &sheet(5, "INKOOP-INGEDIEND")).await;
    assert_eq!(last.status, StatusCode::OK);
    let list = rounds(&f.state, &read).await;
    assert_eq!(list.body[0]["status"], "open");
    let shown = list.body[0]["assessors"].as_array().unwrap();
    assert_eq!(shown[0]["scores"], sheet(5, "INKOOP-INGEDIEND"));
    assert_eq!(shown[1]["scores"], sheet(4, "HR-INGEDIEND"));
    assert_eq!(shown[2]["scores"], sheet(3, "BELEID-INGEDIEND"));
    assert!(!list.raw.contains("CONCEPT-INKOOP"));
}

async fn closing_a_round_shows_the_submitted_scores_and_stops_all_changes(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let (done, late) = (&assessors[0].1, &assessors[1].1);
    submit(&f.state, done, &sheet(4, "INKOOP-INGEDIEND")).await;
    put(&f.state, &uri("/assessment"), late, &draft("HR-CONCEPT")).await;

    let closed = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.raw);
    assert_eq!(closed.body["round"], 1);
    assert_eq!(closed.body["status"], "closed");
    assert_eq!(
        closed.body["assessors"][0]["scores"],
        sheet(4, "INKOOP-INGEDIEND")
    );
    assert_eq!(closed.body["assessors"][1]["scores"], Value::Null);
    assert_eq!(closed.body["assessors"][1]["submitted_at"], Value::Null);
    assert!(!closed.raw.contains("HR-CONCEPT"), "drafts are never shown");
    assert_eq!(rounds(&f.state, &edit).await.body[0], closed.body);

    let saved = put(&f.state, &uri("/assessment"), late, &draft("TE LAAT")).await;
    assert_error(&saved, StatusCode::CONFLICT, "round_closed");
    let submitted = submit(&f.state, late, &sheet(1, "TE LAAT")).await;
    assert_error(&submitted, StatusCode::CONFLICT, "round_closed");
    let mine = get(&f.state, &uri("/assessment"), late).await;
    assert_eq!(mine.body["status"], "closed");
    assert_eq!(mine.body["draft"], draft("HR-CONCEPT"));
    assert_eq!(mine.body["submitted"], Value::Null);
    // The one who submitted before the close gets `submitted` first.
    let again = submit(&f.state, done, &sheet(1, "TE LAAT")).await;
    assert_error(&again, StatusCode::CONFLICT, "submitted");
}

async fn a_submitted_score_cannot_be_altered_by_its_assessor(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let me = &assessors[0].1;

    let submitted = submit(&f.state, me, &sheet(4, "ORIGINEEL")).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.raw);
    assert_eq!(submitted.body["submitted"], sheet(4, "ORIGINEEL"));
    assert_eq!(submitted.body["draft"], sheet(4, "ORIGINEEL"));
    assert!(submitted.body["submitted_at"].is_string());

    let changed = put(&f.state, &uri("/assessment"), me, &sheet(1, "GEWIJZIGD")).await;
    assert_error(&changed, StatusCode::CONFLICT, "submitted");
    let twice = submit(&f.state, me, &sheet(1, "GEWIJZIGD")).await;
    assert_error(&twice, StatusCode::CONFLICT, "submitted");
    // Also a body that would be refused anyway: the answer is that nothing changes.
    let broken = put(&f.state, &uri("/assessment"), me, &json!({"scores": 5})).await;
    assert_error(&broken, StatusCode::CONFLICT, "submitted");

    let mine = get(&f.state, &uri("/assessment"), me).await;
    assert_eq!(mine.body, submitted.body);
    assert!(!mine.raw.contains("GEWIJZIGD"));
    let closed = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_eq!(closed.body["assessors"][0]["scores"], sheet(4, "ORIGINEEL"));
    assert_eq!(
        closed.body["assessors"][0]["submitted_at"],
        submitted.body["submitted_at"]
    );
}

async fn the_owner_cannot_alter_an_assessors_scores(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let read = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let me = &assessors[0].1;
    submit(&f.state, me, &sheet(3, "ORIGINEEL")).await;

    for secret in [&edit, &read] {
        let answer = get(&f.state, &uri("/assessment"), secret).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "not_assessor");
        let answer = put(&f.state, &uri("/assessment"), secret, &sheet(1, "EIGENAAR")).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "not_assessor");
        let answer = submit(&f.state, secret, &sheet(1, "EIGENAAR")).await;
        assert_error(&answer, StatusCode::FORBIDDEN, "not_assessor");
    }
    // No route writes a round or an assessor's scores.
    for (method, tail) in [
        (Method::PUT, "/rounds"),
        (Method::DELETE, "/rounds"),
        (Method::PUT, "/rounds/1/close"),
        (Method::DELETE, "/assessment"),
    ] {
        let answer = send(
            &f.state,
            method,
            &uri(tail),
            Some(&edit),
            Some(&sheet(1, "X")),
        )
        .await;
        assert_error(
            &answer,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        );
    }
    for tail in [
        "/rounds/1",
        "/rounds/1/assessors",
        "/assessment/draft",
        "/rounds/1/scores",
    ] {
        let answer = send(
            &f.state,
            Method::PUT,
            &uri(tail),
            Some(&edit),
            Some(&sheet(1, "X")),
        )
        .await;
        assert_error(&answer, StatusCode::NOT_FOUND, "not_found");
    }
    // The moderated result goes into the document; the original stays as it was.
    let mut doc = document(ID);
    doc.beoordeling.set_score("impact_omvang", Some(5));
    doc.beoordeling
        .set_reden("impact_omvang", "Afgesproken in het panel");
    assert_eq!(put_document(&f.state, &edit, 1, &doc).await, StatusCode::OK);
    let list = rounds(&f.state, &edit).await;
    assert_eq!(
        list.body[0]["assessors"][0]["scores"],
        sheet(3, "ORIGINEEL")
    );
    let mine = get(&f.state, &uri("/assessment"), me).await;
    assert_eq!(mine.body["submitted"], sheet(3, "ORIGINEEL"));
}

async fn drafts_are_checked_and_a_submit_needs_every_criterion(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let me = &assessors[0].1;

    // A partial draft is fine, and replaces the previous one.
    let first = put(&f.state, &uri("/assessment"), me, &draft("Eerste gedachte")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.raw);
    let partial = json!({"scores": [
        {"criterion": "realisme_begeleiding", "score": null, "reden": "Nog uitzoeken"},
        {"criterion": "impact_omvang", "score": 3, "reden": ""}
    ]});
    let saved = put(&f.state, &uri("/assessment"), me, &partial).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.raw);
    assert_eq!(saved.body["draft"], partial);
    assert_eq!(saved.body["submitted"], Value::Null);
    assert_eq!(
        get(&f.state, &uri("/assessment"), me).await.body,
        saved.body
    );

    // Hard errors, also in a draft.
    let cases = [
        (
            json!({"scores": [{"criterion": "impact_omvang", "score": 6, "reden": ""}]}),
            "scores.impact_omvang.score",
        ),
        (
            json!({"scores": [{"criterion": "impact_omvang", "score": 0, "reden": ""}]}),
            "scores.impact_omvang.score",
        ),
        (
            json!({"scores": [{"criterion": "gezelligheid", "score": 3, "reden": ""}]}),
            "scores.gezelligheid",
        ),
        (
            json!({"scores": [
                {"criterion": "impact_omvang", "score": 3, "reden": ""},
                {"criterion": "impact_omvang", "score": 4, "reden": ""}
            ]}),
            "scores.impact_omvang",
        ),
        (
            json!({"scores": [{"criterion": "impact_omvang", "score": 3, "reden": "x".repeat(10_001)}]}),
            "scores.impact_omvang.reden",
        ),
    ];
    for (body, path) in &cases {
        for answer in [
            put(&f.state, &uri("/assessment"), me, body).await,
            submit(&f.state, me, body).await,
        ] {
            assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
            assert_eq!(answer.body["fields"][0]["path"], *path, "{}", answer.raw);
        }
    }
    // Wrong shapes.
    for body in [
        json!({"scores": 5}),
        json!({"scores": [{"criterion": "impact_omvang", "score": 300}]}),
        json!([]),
    ] {
        let answer = put(&f.state, &uri("/assessment"), me, &body).await;
        assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    }
    let res = call(Method::PUT, &uri("/assessment"))
        .secret(me)
        .json_bytes("{\"scores\": [")
        .send(&f.state)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    // A submit needs a score and a reason for every criterion.
    let answer = submit(&f.state, me, &partial).await;
    assert_error(&answer, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let paths: Vec<&str> = answer.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"scores.realisme_begeleiding.score"));
    assert!(!paths.contains(&"scores.realisme_begeleiding.reden"));
    assert!(paths.contains(&"scores.impact_omvang.reden"));
    assert!(!paths.contains(&"scores.impact_omvang.score"));
    assert!(paths.contains(&"scores.impact_beleid.score"));
    // Nothing of the refused attempts was stored.
    assert_eq!(
        get(&f.state, &uri("/assessment"), me).await.body,
        saved.body
    );

    let done = submit(&f.state, me, &sheet(4, "Alles ingevuld")).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.raw);
}

async fn of_concurrent_submits_exactly_one_wins(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    let me = assessors[0].1.clone();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..5 {
        let state = f.state.clone();
        let me = me.clone();
        tasks.spawn(async move {
            let body = sheet(1 + i, &format!("POGING-{i}"));
            let answer = submit(&state, &me, &body).await;
            (answer, body)
        });
    }
    let mut won = Vec::new();
    let mut refused = 0;
    while let Some(result) = tasks.join_next().await {
        let (answer, body) = result.unwrap();
        match answer.status {
            StatusCode::OK => won.push(body),
            StatusCode::CONFLICT => {
                assert_eq!(answer.body["code"], "submitted", "{}", answer.raw);
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", answer.raw),
        }
    }
    assert_eq!((won.len(), refused), (1, 4));
    let mine = get(&f.state, &uri("/assessment"), &me).await;
    assert_eq!(mine.body["submitted"], won[0]);
}

async fn a_submit_racing_a_close_is_either_in_the_closed_round_or_refused(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop", "HR", "Beleid", "Financien"]).await;
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (_, secret)) in assessors.iter().enumerate() {
        let (state, secret) = (f.state.clone(), secret.clone());
        tasks.spawn(async move { (i, submit(&state, &secret, &sheet(3, "RACE")).await) });
    }
    let closed = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.raw);
    while let Some(result) = tasks.join_next().await {
        let (i, answer) = result.unwrap();
        let shown = &closed.body["assessors"][i];
        match answer.status {
            // Stored before the close: the close's answer shows it.
            StatusCode::OK => assert_eq!(shown["scores"], sheet(3, "RACE")),
            StatusCode::CONFLICT => {
                assert_eq!(answer.body["code"], "round_closed");
                assert_eq!(shown["scores"], Value::Null);
            }
            other => panic!("unexpected {other}: {}", answer.raw),
        }
    }
    // Nothing changed after the close answered.
    assert_eq!(rounds(&f.state, &edit).await.body[0], closed.body);
}

async fn a_second_round_after_closing_keeps_the_first_readable(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let first = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    submit(&f.state, &first[0].1, &sheet(2, "RONDE-1-INKOOP")).await;
    submit(&f.state, &first[1].1, &sheet(3, "RONDE-1-HR")).await;
    let closed = post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    assert_eq!(closed.status, StatusCode::OK);

    let body = json!({"assessors": [{"label": "Inkoop"}, {"label": "Beleid"}]});
    let answer = post(&f.state, &uri("/rounds"), &edit, &body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.raw);
    assert_eq!(answer.body["round"], 2);
    let second = claim(
        &f.state,
        answer.body["assessors"][0]["secret"].as_str().unwrap(),
    )
    .await;
    let second = second.as_str();
    submit(&f.state, second, &sheet(5, "RONDE-2-INKOOP")).await;

    let list = rounds(&f.state, &edit).await;
    let list = list.body.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0], closed.body, "round 1 unchanged");
    assert_eq!(list[1]["round"], 2);
    assert_eq!(list[1]["status"], "open");
    assert!(list[1]["assessors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["scores"].is_null()));
    assert_ne!(
        list[0]["assessors"][0]["assessor_id"],
        list[1]["assessors"][0]["assessor_id"]
    );

    // Each link stays with its own round.
    let old = get(&f.state, &uri("/assessment"), &first[0].1).await;
    assert_eq!(old.body["round"], 1);
    assert_eq!(old.body["status"], "closed");
    assert_eq!(old.body["submitted"], sheet(2, "RONDE-1-INKOOP"));
    let new = get(&f.state, &uri("/assessment"), second).await;
    assert_eq!(new.body["round"], 2);
    assert_eq!(new.body["submitted"], sheet(5, "RONDE-2-INKOOP"));
    assert!(!new.raw.contains("RONDE-1"));
}

async fn deleting_the_proeftuin_removes_rounds_and_assessor_access(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let first = open_round(&f.state, &edit, &["Inkoop", "HR"]).await;
    submit(&f.state, &first[0].1, &sheet(2, "WEG")).await;
    post(&f.state, &uri("/rounds/1/close"), &edit, &json!({})).await;
    let second = open_round(&f.state, &edit, &["Beleid"]).await;
    put(&f.state, &uri("/assessment"), &second[0].1, &draft("WEG")).await;

    let deleted = send(&f.state, Method::DELETE, &uri(""), Some(&edit), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.raw);
    for secret in [&first[0].1, &first[1].1, &second[0].1] {
        for tail in ["/assessment", ""] {
            let gone = get(&f.state, &uri(tail), secret).await;
            assert_error(&gone, StatusCode::NOT_FOUND, "not_found");
        }
        let gone = put(&f.state, &uri("/assessment"), secret, &draft("X")).await;
        assert_error(&gone, StatusCode::NOT_FOUND, "not_found");
    }
    for table in ["assessors", "assessment_rounds", "secrets"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE proeftuin_id = '{ID}'");
        let left = count(&f.state, &sql).await;
        assert_eq!(left, 0, "{table}");
    }
    // The id can be used again, without the old rounds.
    let edit = create(&f.state, ID).await;
    assert_eq!(rounds(&f.state, &edit).await.body, json!([]));
}

async fn wrong_secrets_on_assessment_endpoints_look_unknown_and_are_limited(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let other_edit = create(&f.state, "ey-2").await;
    let unknown = get(&f.state, "/api/proeftuinen/bestaat-niet/assessment", &edit).await;
    assert_error(&unknown, StatusCode::NOT_FOUND, "not_found");
    // Another proeftuin's assessor gets nothing here.
    let body = json!({"assessors": [{"label": "HR"}]});
    let answer = post(&f.state, "/api/proeftuinen/ey-2/rounds", &other_edit, &body).await;
    let foreign = answer.body["assessors"][0]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    for secret in [foreign.as_str(), "geraden"] {
        let answer = get(&f.state, &uri("/assessment"), secret).await;
        assert_eq!(answer.status, unknown.status);
        assert_eq!(answer.raw, unknown.raw);
    }
    let missing = send(&f.state, Method::GET, &uri("/rounds"), None, None).await;
    assert_eq!(missing.raw, unknown.raw);
    // Four failures so far; six more, then 429 even for the right secret. Each guess is
    // another secret: the same wrong secret again is a retry and counts once.
    for tail in [
        "/assessment",
        "/assessment/submit",
        "/rounds",
        "/rounds/1/close",
    ] {
        let guess = format!("geraden{tail}");
        let answer = post(&f.state, &uri(tail), &guess, &sheet(3, "X")).await;
        let expected = if tail == "/assessment" {
            StatusCode::METHOD_NOT_ALLOWED
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(answer.status, expected, "{tail}: {}", answer.raw);
    }
    for n in 0..3 {
        let guess = format!("geraden-{n}");
        put(&f.state, &uri("/assessment"), &guess, &sheet(3, "X")).await;
    }
    let blocked = get(&f.state, &uri("/rounds"), &edit).await;
    assert_error(&blocked, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts");
}

async fn assessor_links_count_towards_the_link_limit(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    // The edit secret and 8 × 12 assessors: 97 secrets of at most 100.
    let labels: Vec<String> = (1..=12).map(|i| format!("B{i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    for n in 1..=8 {
        open_round(&f.state, &edit, &labels).await;
        let closed = post(
            &f.state,
            &uri(&format!("/rounds/{n}/close")),
            &edit,
            &json!({}),
        )
        .await;
        assert_eq!(closed.status, StatusCode::OK);
    }
    let body =
        json!({"assessors": [{"label": "A"}, {"label": "B"}, {"label": "C"}, {"label": "D"}]});
    let answer = post(&f.state, &uri("/rounds"), &edit, &body).await;
    assert_error(&answer, StatusCode::CONFLICT, "too_many_links");
    assert_eq!(
        rounds(&f.state, &edit).await.body.as_array().unwrap().len(),
        8
    );
    open_round(&f.state, &edit, &["A", "B", "C"]).await;
}

async fn summaries_name_an_assessor_secret_as_assessor(backend: Backend) {
    let f = fixture(backend).await;
    let edit = create(&f.state, ID).await;
    let read = read_link(&f.state, &edit).await;
    let assessors = open_round(&f.state, &edit, &["Inkoop"]).await;
    let me = &assessors[0].1;
    submit(&f.state, me, &sheet(4, "GEHEIM-OORDEEL")).await;
    let ask = |pairs: Value| {
        let state = f.state.clone();
        async move {
            send(
                &state,
                Method::POST,
                "/api/proeftuinen/summaries",
                None,
                Some(&pairs),
            )
            .await
        }
    };
    let answer = ask(json!([{"id": ID, "secret": me}])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.raw);
    assert_eq!(answer.body[0]["access"], "assessor");
    assert_eq!(answer.body[0]["id"], ID);
    assert!(!answer.raw.contains("GEHEIM-OORDEEL"));
    // Holding more than one secret: the widest access is named.
    let answer = ask(json!([{"id": ID, "secret": me}, {"id": ID, "secret": read}])).await;
    assert_eq!(answer.body.as_array().unwrap().len(), 1);
    assert_eq!(answer.body[0]["access"], "read");
    let answer = ask(json!([{"id": ID, "secret": me}, {"id": ID, "secret": edit}])).await;
    assert_eq!(answer.body[0]["access"], "edit");
}
