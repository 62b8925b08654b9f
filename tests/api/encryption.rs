//! Personal fields at rest: encrypted, and re-encryptable under a new key without loss.

use taalentio::{AppState, crypto};
use taalentio_tests::{TEST_SIGNING_KEY, config_for, create_migrated_database};

const NEW_KEY: &str = "bmV3LWtleS1mb3Itcm90YXRpb24tdGVzdHMtMzJieXQ=";

async fn state_with_keys(url: &str, keys: &str) -> AppState {
    AppState::build(config_for(url, &[("ENCRYPTION_KEYS", keys)]))
        .await
        .unwrap()
}

#[tokio::test]
async fn rotation_re_encrypts_every_value_under_the_current_key() {
    let url = create_migrated_database().await;
    let old = state_with_keys(&url, &format!("old:{TEST_SIGNING_KEY}")).await;
    let db = old.db.get().await.unwrap();
    let phones: Vec<String> = (0..1200).map(|i| format!("+2217{i:08}")).collect();
    for (i, phone) in phones.iter().enumerate() {
        let code = taalentio::codes::generate();
        db.execute(
            "INSERT INTO users (unique_code, first_name, last_name, email, phone_encrypted, address_encrypted)
             VALUES ($1, 'Test', 'Rotation', $2, $3, $4)",
            &[
                &code,
                &format!("p{i}@example.sn"),
                &old.cipher.seal("users.phone", phone),
                &old.cipher.seal("users.address", &format!("{i} avenue Cheikh Anta Diop, Dakar")),
            ],
        )
        .await
        .unwrap();
    }
    // No plaintext in the raw rows.
    let raw: Vec<Vec<u8>> = db
        .query("SELECT phone_encrypted FROM users", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        raw.iter()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("+2217"))
    );

    let new = state_with_keys(&url, &format!("old:{TEST_SIGNING_KEY},new:{NEW_KEY}")).await;
    assert_eq!(new.cipher.current_key_id(), "new");
    let rewritten = crypto::rotate(&new.db, &new.cipher).await.unwrap();
    assert_eq!(rewritten, 2 * phones.len() as u64);
    assert_eq!(
        crypto::rotate(&new.db, &new.cipher).await.unwrap(),
        0,
        "a second run has nothing left to do"
    );

    // Everything now opens with the new key alone, and says what it said before.
    let only_new = state_with_keys(&url, &format!("new:{NEW_KEY}")).await;
    let rows = db
        .query(
            "SELECT email, phone_encrypted, address_encrypted FROM users ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    for (row, phone) in rows.iter().zip(&phones) {
        let sealed: Vec<u8> = row.get(1);
        assert_eq!(only_new.cipher.key_id_of(&sealed).unwrap(), "new");
        assert_eq!(
            &only_new.cipher.open("users.phone", &sealed).unwrap(),
            phone
        );
        let address = only_new
            .cipher
            .open("users.address", row.get::<_, &[u8]>(2))
            .unwrap();
        assert!(address.ends_with("avenue Cheikh Anta Diop, Dakar"));
    }
}

#[tokio::test]
async fn id_document_numbers_are_sealed_and_found_by_blind_index_only() {
    let url = create_migrated_database().await;
    let state = state_with_keys(&url, &format!("k:{TEST_SIGNING_KEY}")).await;
    let db = state.db.get().await.unwrap();
    let number = "A12345678";
    let field = "cinema_talents.id_document_number";
    db.execute(
        "INSERT INTO cinema_talents (unique_code, first_name, last_name, id_document_type,
                                     id_document_number_encrypted, id_document_number_blind_index)
         VALUES ($1, 'Chidi', 'Okeke', 'passport', $2, $3)",
        &[
            &taalentio::codes::generate(),
            &state.cipher.seal(field, number),
            &state
                .cipher
                .blind_index(field, &crypto::normalize_identifier(number)),
        ],
    )
    .await
    .unwrap();
    // The raw row, read as text, holds no trace of the number.
    let raw: String = db
        .query_one("SELECT row_to_json(c)::text FROM cinema_talents c", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!raw.contains(number) && !raw.contains("12345678"), "{raw}");
    // An exact search finds it through the blind index, spacing and case aside.
    let found: i64 = db
        .query_one(
            "SELECT count(*) FROM cinema_talents WHERE id_document_number_blind_index = $1",
            &[&state
                .cipher
                .blind_index(field, &crypto::normalize_identifier(" a1234-5678 "))],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(found, 1);
}
