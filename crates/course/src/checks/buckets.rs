//! S3 checks (chapter 10): a bucket with objects in folders, a version restored
//! with its history kept, a lifecycle rule that archives logs (and an archived
//! log), a public website that serves its index page and grants nothing more,
//! and default encryption with KMS. The learner picks the bucket's name, so
//! checks find the bucket by the prefix the task gives.

use cloudlab_model::Cloud;
use cloudlab_model::s3::Bucket;
use cloudlab_model::s3::access::AnonymousDecision;
use cloudlab_model::s3::versions::VersioningStatus;

use crate::checks::{CheckOutcome, fail, pass};

/// The account's first bucket whose name starts with `prefix`, or the failure
/// that says there is none.
fn bucket_with_prefix<'a>(cloud: &'a Cloud, prefix: &str) -> Result<&'a Bucket, CheckOutcome> {
    cloud
        .buckets()
        .iter()
        .find(|b| b.name.starts_with(prefix))
        .ok_or_else(|| {
            fail(
                format!("You have no bucket whose name starts with {prefix}. Create one with `aws s3 mb s3://{prefix}...`."),
                format!("이름이 {prefix}(으)로 시작하는 버킷이 없어요. `aws s3 mb s3://{prefix}...`로 만드세요."),
            )
        })
}

/// A bucket named `prefix...` in `region`.
pub(super) fn bucket_in_region(cloud: &Cloud, prefix: &str, region: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    if bucket.region != region {
        return fail(
            format!(
                "{} is in {}, not {region}. A bucket cannot move: delete it (`aws s3 rb s3://{} --force`) and make it again with `--region {region}`.",
                bucket.name, bucket.region, bucket.name
            ),
            format!(
                "{}은(는) {region}이 아니라 {}에 있어요. 버킷은 옮길 수 없어요. 지우고(`aws s3 rb s3://{} --force`) `--region {region}`으로 다시 만드세요.",
                bucket.name, bucket.region, bucket.name
            ),
        );
    }
    pass(
        format!("{} is in {region}.", bucket.name),
        format!("{}이(가) {region}에 있어요.", bucket.name),
    )
}

/// The bucket holds `key` and at least one key inside a folder (a prefix with `/`).
pub(super) fn objects_in_folders(cloud: &Cloud, prefix: &str, key: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    if !bucket.objects.contains_key(key) {
        return fail(
            format!("{} has no object {key}.", bucket.name),
            format!("{}에 {key} 객체가 없어요.", bucket.name),
        );
    }
    match bucket.objects.keys().find(|k| k.contains('/')) {
        Some(inside) => pass(
            format!(
                "{} holds {key}, and {inside} sits in a folder.",
                bucket.name
            ),
            format!(
                "{}에 {key}이(가) 있고, {inside}은(는) 폴더 안에 있어요.",
                bucket.name
            ),
        ),
        None => fail(
            format!(
                "Every key of {} is at the top level. Upload a file under a prefix, such as `photos/cat.txt`.",
                bucket.name
            ),
            format!(
                "{}의 키가 모두 최상위에 있어요. `photos/cat.txt`처럼 접두사 아래에 파일을 올리세요.",
                bucket.name
            ),
        ),
    }
}

/// Versioning is on and `key`'s current version is not the one containing
/// `broken`, which is kept as an older version.
pub(super) fn version_restored(
    cloud: &Cloud,
    prefix: &str,
    key: &str,
    broken: &str,
) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    if bucket.versioning != Some(VersioningStatus::Enabled) {
        return fail(
            format!(
                "Versioning is not enabled on {}, so an overwrite loses the old content. Turn it on first.",
                bucket.name
            ),
            format!(
                "{}에 버전 관리가 켜져 있지 않아서 덮어쓰면 옛 내용이 사라져요. 먼저 켜세요.",
                bucket.name
            ),
        );
    }
    let versions = bucket.versions_of(key);
    let Some(current) = bucket.objects.get(key) else {
        return fail(
            format!(
                "{key} has no current version: a delete marker hides it, or it was never uploaded."
            ),
            format!("{key}에 현재 버전이 없어요. 삭제 마커가 가리고 있거나 올린 적이 없어요."),
        );
    };
    if current.body.contains(broken) {
        return fail(
            format!(
                "The current {key} still says \"{broken}\". Copy the good version over it (`aws s3api copy-object --copy-source \"BUCKET/{key}?versionId=...\"`)."
            ),
            format!(
                "현재 {key}에는 아직 \"{broken}\"이(가) 있어요. 좋은 버전을 그 위로 복사하세요(`aws s3api copy-object --copy-source \"BUCKET/{key}?versionId=...\"`)."
            ),
        );
    }
    let kept = versions
        .iter()
        .any(|v| !v.delete_marker && v.body.contains(broken));
    if !kept {
        return fail(
            format!(
                "No version of {key} says \"{broken}\": overwrite it with the broken page first (with versioning on), then restore the good one so the history shows both."
            ),
            format!(
                "\"{broken}\"이(가) 들어 있는 {key} 버전이 없어요. 버전 관리를 켠 채로 먼저 망가진 페이지로 덮어쓰고, 좋은 버전을 복원해서 기록에 둘 다 남기세요."
            ),
        );
    }
    pass(
        format!(
            "{key} is restored and its {} versions are all kept.",
            versions.len()
        ),
        format!(
            "{key}이(가) 복원됐고 버전 {}개가 모두 남아 있어요.",
            versions.len()
        ),
    )
}

/// An enabled lifecycle rule moves keys under `folder` to an archive class.
pub(super) fn lifecycle_archives(cloud: &Cloud, prefix: &str, folder: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    let Some(rules) = &bucket.lifecycle else {
        return fail(
            format!("{} has no lifecycle rules.", bucket.name),
            format!("{}에 수명 주기 규칙이 없어요.", bucket.name),
        );
    };
    let sample = cloudlab_model::s3::S3Object {
        key: format!("{folder}sample.log"),
        body: "x".repeat(1024),
        etag: String::new(),
        last_modified: cloud.now(),
        storage_class: "STANDARD".into(),
        content_type: None,
        version_id: "null".into(),
        delete_marker: false,
        noncurrent_since: None,
        server_side_encryption: "AES256".into(),
        kms_key_id: None,
        cache_control: None,
    };
    let archiving = rules.iter().find(|r| {
        r.applies_to(&sample)
            && r.transitions
                .iter()
                .any(|t| matches!(t.storage_class.as_str(), "GLACIER" | "DEEP_ARCHIVE"))
    });
    match archiving {
        Some(rule) => pass(
            format!(
                "Rule {} moves {folder} to the archive.",
                rule.id.as_deref().unwrap_or("(no id)")
            ),
            format!(
                "규칙 {}이(가) {folder}을(를) 아카이브로 옮겨요.",
                rule.id.as_deref().unwrap_or("(ID 없음)")
            ),
        ),
        None if rules.iter().any(|r| r.applies_to(&sample)) => fail(
            format!("A rule covers {folder}, but none moves it to GLACIER or DEEP_ARCHIVE."),
            format!(
                "{folder}에 적용되는 규칙은 있지만 GLACIER나 DEEP_ARCHIVE로 옮기는 규칙은 없어요."
            ),
        ),
        None => fail(
            format!(
                "No enabled rule applies to keys under {folder}: check the rule's Filter Prefix and its Status."
            ),
            format!(
                "{folder} 아래 키에 적용되는 활성 규칙이 없어요. 규칙의 Filter Prefix와 Status를 확인하세요."
            ),
        ),
    }
}

/// An object under `folder` has moved to an archive class.
pub(super) fn object_archived(cloud: &Cloud, prefix: &str, folder: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    let under: Vec<_> = bucket
        .objects
        .values()
        .filter(|o| o.key.starts_with(folder))
        .collect();
    if under.is_empty() {
        return fail(
            format!("{} has no object under {folder}.", bucket.name),
            format!("{}의 {folder} 아래에 객체가 없어요.", bucket.name),
        );
    }
    match under
        .iter()
        .find(|o| matches!(o.storage_class.as_str(), "GLACIER" | "DEEP_ARCHIVE"))
    {
        Some(o) => pass(
            format!("{} is now {}.", o.key, o.storage_class),
            format!("{}은(는) 이제 {}예요.", o.key, o.storage_class),
        ),
        None => fail(
            format!(
                "Everything under {folder} is still {}. Lifecycle actions happen at midnight UTC after their days: fast-forward the clock (or `sleep 31d`).",
                under[0].storage_class
            ),
            format!(
                "{folder} 아래 객체가 아직 모두 {}예요. 수명 주기 작업은 정한 날수가 지난 뒤 UTC 자정에 일어나요. 시계를 빨리 감으세요(또는 `sleep 31d`).",
                under[0].storage_class
            ),
        ),
    }
}

fn decision_words(decision: &AnonymousDecision) -> (String, String) {
    match decision {
        AnonymousDecision::Allowed => ("allowed".into(), "허용".into()),
        AnonymousDecision::NoPolicy => (
            "the bucket has no policy, so nobody outside the account may read it".into(),
            "버킷 정책이 없어서 계정 밖에서는 아무도 읽을 수 없어요".into(),
        ),
        AnonymousDecision::NotGranted => (
            "the bucket policy grants nothing to everyone (\"Principal\": \"*\") for s3:GetObject on these objects".into(),
            "버킷 정책이 이 객체들의 s3:GetObject를 모두(\"Principal\": \"*\")에게 허용하지 않아요".into(),
        ),
        AnonymousDecision::Denied(sid) => (
            format!(
                "statement {} of the bucket policy denies it",
                sid.as_deref().unwrap_or("(no Sid)")
            ),
            format!(
                "버킷 정책의 {} 문이 거부해요",
                sid.as_deref().unwrap_or("(Sid 없음)")
            ),
        ),
        AnonymousDecision::RestrictedByBlockPublicAccess => (
            "Block Public Access (RestrictPublicBuckets) ignores the public policy".into(),
            "퍼블릭 액세스 차단(RestrictPublicBuckets)이 퍼블릭 정책을 무시해요".into(),
        ),
    }
}

/// The bucket's website endpoint answers `/` with its index document.
pub(super) fn website_serves(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    let Some(config) = &bucket.website else {
        return fail(
            format!(
                "Static website hosting is off for {}: `aws s3 website s3://{} --index-document index.html`.",
                bucket.name, bucket.name
            ),
            format!(
                "{}의 정적 웹 사이트 호스팅이 꺼져 있어요: `aws s3 website s3://{} --index-document index.html`.",
                bucket.name, bucket.name
            ),
        );
    };
    let index = config
        .index_document
        .as_ref()
        .map_or("index.html".to_string(), |i| i.suffix.clone());
    let decision = cloud.anonymous_read_decision(bucket, &index, false);
    if !decision.is_allowed() {
        let (en, ko) = decision_words(&decision);
        return fail(
            format!("The website answers 403 Forbidden: {en}."),
            format!("웹 사이트가 403 Forbidden으로 답해요. {ko}."),
        );
    }
    let host = cloudlab_model::s3::website::website_host(&bucket.name, &bucket.region);
    match cloud.website_get(&host, "/") {
        Some(r) if r.status == 200 => pass(
            format!("http://{host}/ serves {index}."),
            format!("http://{host}/에서 {index}을(를) 보여 줘요."),
        ),
        Some(r) => fail(
            format!(
                "http://{host}/ answers {} {}: upload {index} to the top of the bucket.",
                r.status, r.reason
            ),
            format!(
                "http://{host}/이(가) {} {}(으)로 답해요. 버킷 맨 위에 {index}을(를) 올리세요.",
                r.status, r.reason
            ),
        ),
        None => fail(
            format!("The website endpoint {host} does not answer."),
            format!("웹 사이트 엔드포인트 {host}이(가) 답하지 않아요."),
        ),
    }
}

/// Everyone may read the site's objects and do nothing else; no other bucket is public.
pub(super) fn public_only_where_asked(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    let object = format!("arn:aws:s3:::{}/index.html", bucket.name);
    let anyone = |action: &str, resource: &str| {
        bucket
            .decide_anonymous(action, resource, "198.51.100.7", true)
            .is_allowed()
    };
    let bucket_arn = format!("arn:aws:s3:::{}", bucket.name);
    let too_much = [
        ("s3:PutObject", object.as_str()),
        ("s3:DeleteObject", object.as_str()),
        ("s3:ListBucket", bucket_arn.as_str()),
        ("s3:PutBucketPolicy", bucket_arn.as_str()),
    ]
    .into_iter()
    .find(|(action, resource)| anyone(action, resource));
    if let Some((action, _)) = too_much {
        return fail(
            format!(
                "Anyone on the internet may call {action} on {}: the policy grants more than s3:GetObject. Narrow its Action to \"s3:GetObject\" and its Resource to the objects (\"arn:aws:s3:::{}/*\").",
                bucket.name, bucket.name
            ),
            format!(
                "인터넷의 누구나 {}에 {action}을(를) 호출할 수 있어요. 정책이 s3:GetObject보다 많이 허용해요. Action은 \"s3:GetObject\"로, Resource는 객체(\"arn:aws:s3:::{}/*\")로 좁히세요.",
                bucket.name, bucket.name
            ),
        );
    }
    if !anyone("s3:GetObject", &object) {
        let (en, ko) =
            decision_words(&bucket.decide_anonymous("s3:GetObject", &object, "198.51.100.7", true));
        return fail(
            format!("The site is not public yet: {en}."),
            format!("사이트가 아직 퍼블릭이 아니에요. {ko}."),
        );
    }
    if let Some(other) = cloud
        .buckets()
        .iter()
        .find(|b| b.name != bucket.name && b.policy_is_public())
    {
        return fail(
            format!(
                "{} has a public policy too, and the task made only the site public. Delete that policy (`aws s3api delete-bucket-policy --bucket {}`).",
                other.name, other.name
            ),
            format!(
                "{}에도 퍼블릭 정책이 있어요. 과제는 사이트만 퍼블릭으로 하는 거예요. 그 정책을 지우세요(`aws s3api delete-bucket-policy --bucket {}`).",
                other.name, other.name
            ),
        );
    }
    pass(
        format!(
            "Everyone may read {}'s objects and nothing more; no other bucket is public.",
            bucket.name
        ),
        format!(
            "누구나 {}의 객체를 읽을 수만 있고 그 밖에는 아무것도 못 해요. 다른 버킷은 퍼블릭이 아니에요.",
            bucket.name
        ),
    )
}

/// The bucket encrypts new objects with KMS by default.
pub(super) fn kms_by_default(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let bucket = match bucket_with_prefix(cloud, prefix) {
        Ok(b) => b,
        Err(failed) => return failed,
    };
    if bucket.encryption.sse_algorithm.starts_with("aws:kms") {
        pass(
            format!(
                "{} encrypts new objects with {}.",
                bucket.name, bucket.encryption.sse_algorithm
            ),
            format!(
                "{}은(는) 새 객체를 {}(으)로 암호화해요.",
                bucket.name, bucket.encryption.sse_algorithm
            ),
        )
    } else {
        fail(
            format!(
                "{} still encrypts new objects with {} (SSE-S3, the default). Set SSEAlgorithm aws:kms with put-bucket-encryption.",
                bucket.name, bucket.encryption.sse_algorithm
            ),
            format!(
                "{}은(는) 아직 새 객체를 {}(SSE-S3, 기본값)(으)로 암호화해요. put-bucket-encryption으로 SSEAlgorithm을 aws:kms로 정하세요.",
                bucket.name, bucket.encryption.sse_algorithm
            ),
        )
    }
}
