//! CloudFront checks (chapter 11): a deployed distribution in front of the
//! learner's bucket, pages fetched through edges in several cities, a short TTL,
//! a completed invalidation with every edge holding the current page, a bucket
//! only the distribution can read, and HTTP redirected to HTTPS. They read the
//! distribution's state and its edges' caches, never what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::cloudfront::Distribution;
use cloudlab_model::cloudfront::edge::{EDGE_LOCATIONS, edge_location, edge_ttl};
use cloudlab_model::s3::access::AnonymousDecision;
use cloudlab_model::s3::website::website_host;

use crate::checks::{CheckOutcome, fail, pass};

fn distribution<'a>(cloud: &'a Cloud, prefix: &str) -> Result<&'a Distribution, CheckOutcome> {
    cloud.distribution_for_bucket(prefix).ok_or_else(|| {
        fail(
            format!("No distribution has an origin in a {prefix}... bucket. Create one with `aws cloudfront create-distribution --origin-domain-name ...`."),
            format!("{prefix}... 버킷을 오리진으로 하는 배포가 없어요. `aws cloudfront create-distribution --origin-domain-name ...`으로 만드세요."),
        )
    })
}

/// The cache key of the distribution's root page.
fn root_key(d: &Distribution) -> String {
    d.root_cache_key()
}

/// An enabled, deployed distribution in front of the bucket.
pub(super) fn distribution_in_front(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    if !d.config.enabled {
        return fail(
            format!("Distribution {} is disabled: it answers no one.", d.id),
            format!("배포 {}가 비활성화되어 아무에게도 응답하지 않아요.", d.id),
        );
    }
    if !d.is_deployed() {
        return fail(
            format!(
                "Distribution {} is still InProgress. Wait with `aws cloudfront wait distribution-deployed --id {}` or fast-forward a few minutes.",
                d.id, d.id
            ),
            format!(
                "배포 {}가 아직 InProgress예요. `aws cloudfront wait distribution-deployed --id {}`로 기다리거나 시계를 몇 분 앞으로 돌리세요.",
                d.id, d.id
            ),
        );
    }
    if d.config.default_root_object.is_empty() {
        return fail(
            format!(
                "Distribution {} has no default root object, so `/` does not return index.html.",
                d.id
            ),
            format!(
                "배포 {}에 기본 루트 객체가 없어서 `/`가 index.html을 돌려주지 않아요.",
                d.id
            ),
        );
    }
    pass(
        format!("{} is deployed in front of the bucket.", d.domain_name),
        format!("{}가 버킷 앞에 배포되었어요.", d.domain_name),
    )
}

/// The edge in `city` holds a good copy of the root page.
pub(super) fn edge_served(cloud: &Cloud, prefix: &str, city: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let Some(edge) = edge_location(city) else {
        return fail(
            format!("Unknown city {city}."),
            format!("{city}는 모르는 도시예요."),
        );
    };
    let key = root_key(d);
    match d.edges.get(edge.code).and_then(|cache| cache.get(&key)) {
        Some(copy) if copy.status == 200 => pass(
            format!(
                "The {} edge ({}) has served the page and keeps a copy.",
                edge.name_en, edge.code
            ),
            format!(
                "{} 엣지({})가 페이지를 제공했고 사본을 가지고 있어요.",
                edge.name_ko, edge.code
            ),
        ),
        Some(copy) => fail(
            format!(
                "The {} edge got {} {} from the origin. Check that the origin serves the page.",
                edge.name_en, copy.status, copy.reason
            ),
            format!(
                "{} 엣지가 오리진에서 {} {}를 받았어요. 오리진이 페이지를 제공하는지 확인하세요.",
                edge.name_ko, copy.status, copy.reason
            ),
        ),
        None => fail(
            format!(
                "The {} edge holds no copy of {key}: request https://{}/ from there.",
                edge.name_en, d.domain_name
            ),
            format!(
                "{} 엣지에 {key}의 사본이 없어요. 그곳에서 https://{}/를 요청하세요.",
                edge.name_ko, d.domain_name
            ),
        ),
    }
}

/// At least `count` edges hold a copy of the root page.
pub(super) fn edges_in_cities(cloud: &Cloud, prefix: &str, count: usize) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let key = root_key(d);
    let cities: Vec<&str> = EDGE_LOCATIONS
        .iter()
        .filter(|l| {
            d.edges
                .get(l.code)
                .and_then(|c| c.get(&key))
                .is_some_and(|copy| copy.status == 200)
        })
        .map(|l| l.city)
        .collect();
    if cities.len() >= count {
        pass(
            format!("Edges in {} each keep their own copy.", cities.join(", ")),
            format!("{}의 엣지가 각자 사본을 가지고 있어요.", cities.join(", ")),
        )
    } else {
        fail(
            format!(
                "Only {} edge(s) hold the page ({}). Ask from another city too: `from tokyo curl -sI https://{}/`.",
                cities.len(),
                if cities.is_empty() {
                    "none".to_string()
                } else {
                    cities.join(", ")
                },
                d.domain_name
            ),
            format!(
                "페이지를 가진 엣지가 {}곳뿐이에요. 다른 도시에서도 요청하세요: `from tokyo curl -sI https://{}/`.",
                cities.len(),
                d.domain_name
            ),
        )
    }
}

/// Edges keep `key` at most `max_seconds` once fetched.
pub(super) fn short_ttl(cloud: &Cloud, prefix: &str, key: &str, max_seconds: u64) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let Some(bucket) = cloud.buckets().iter().find(|b| b.name.starts_with(prefix)) else {
        return fail("The bucket is gone.".into(), "버킷이 없어요.".into());
    };
    let Some(object) = bucket.objects.get(key) else {
        return fail(
            format!("{} has no {key}.", bucket.name),
            format!("{}에 {key}가 없어요.", bucket.name),
        );
    };
    let behavior = d.config.behavior_for("/");
    let ttl = edge_ttl(
        object.cache_control.as_deref(),
        None,
        cloud.now(),
        behavior.ttls(),
    );
    let said = object
        .cache_control
        .as_deref()
        .unwrap_or("no Cache-Control");
    if ttl <= max_seconds {
        pass(
            format!(
                "Edges keep {key} for {ttl} s ({said}), so a change shows within {max_seconds} s."
            ),
            format!(
                "엣지는 {key}를 {ttl}초 동안 보관해요({said}). 그래서 변경이 {max_seconds}초 안에 보여요."
            ),
        )
    } else {
        fail(
            format!(
                "Edges would keep {key} for {ttl} s ({said}; behaviour TTLs {:?}). Upload it with `--cache-control max-age={max_seconds}`.",
                behavior.ttls()
            ),
            format!(
                "엣지가 {key}를 {ttl}초 동안 보관하게 돼요({said}; 동작 TTL {:?}). `--cache-control max-age={max_seconds}`로 다시 올리세요.",
                behavior.ttls()
            ),
        )
    }
}

/// A completed invalidation that covers the root page.
pub(super) fn invalidation_done(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let key = root_key(d);
    let covering: Vec<_> = d
        .invalidations
        .iter()
        .filter(|i| i.covers_root(&key))
        .collect();
    match covering.iter().find(|i| i.status == "Completed") {
        Some(i) => pass(
            format!("Invalidation {} removed {key} from every edge.", i.id),
            format!("무효화 {}가 모든 엣지에서 {key}를 지웠어요.", i.id),
        ),
        None if !covering.is_empty() => fail(
            "The invalidation is still InProgress: wait a minute (`sleep 1m`).".into(),
            "무효화가 아직 InProgress예요. 1분 기다리세요(`sleep 1m`).".into(),
        ),
        None => fail(
            format!("No invalidation covers {key}. Paths start with / (`/*` or `{key}`)."),
            format!("{key}를 포함하는 무효화가 없어요. 경로는 /로 시작해요(`/*` 또는 `{key}`)."),
        ),
    }
}

/// Every edge that holds `key` holds the bucket's current version, and at least two do.
pub(super) fn edges_current(cloud: &Cloud, prefix: &str, key: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let Some(current) = cloud
        .buckets()
        .iter()
        .find(|b| b.name.starts_with(prefix))
        .and_then(|b| b.objects.get(key))
    else {
        return fail(
            format!("The bucket has no {key}."),
            format!("버킷에 {key}가 없어요."),
        );
    };
    let cache_key = format!("/{key}");
    let mut current_at = Vec::new();
    for edge in EDGE_LOCATIONS {
        // An expired copy is never served again without asking the origin.
        let Some(copy) = d
            .edges
            .get(edge.code)
            .and_then(|c| c.get(&cache_key))
            .filter(|copy| copy.is_fresh(cloud.now()))
        else {
            continue;
        };
        if copy.etag() != Some(current.etag.as_str()) {
            return fail(
                format!(
                    "The {} edge still serves an older {key} (fetched {} s ago). Invalidate it, or wait for its TTL, then ask again.",
                    edge.name_en,
                    cloud.now().since(copy.fetched_at).as_secs()
                ),
                format!(
                    "{} 엣지가 아직 예전 {key}를 제공해요({}초 전에 가져옴). 무효화하거나 TTL을 기다린 뒤 다시 요청하세요.",
                    edge.name_ko,
                    cloud.now().since(copy.fetched_at).as_secs()
                ),
            );
        }
        current_at.push(edge.city);
    }
    if current_at.len() < 2 {
        return fail(
            format!(
                "Ask for the page again from Seoul and Tokyo so both edges fetch the new {key}."
            ),
            format!("서울과 도쿄에서 페이지를 다시 요청해 두 엣지가 새 {key}를 가져오게 하세요."),
        );
    }
    pass(
        format!(
            "Edges in {} serve the current {key}.",
            current_at.join(", ")
        ),
        format!("{}의 엣지가 현재 {key}를 제공해요.", current_at.join(", ")),
    )
}

fn decision_words(decision: &AnonymousDecision) -> (String, String) {
    match decision {
        AnonymousDecision::Allowed => (
            "the bucket policy allows it".into(),
            "버킷 정책이 허용해요".into(),
        ),
        AnonymousDecision::NoPolicy => (
            "the bucket has no policy".into(),
            "버킷에 정책이 없어요".into(),
        ),
        AnonymousDecision::NotGranted => (
            "no statement allows it".into(),
            "허용하는 문이 없어요".into(),
        ),
        AnonymousDecision::Denied(sid) => (
            format!(
                "statement {} denies it",
                sid.as_deref().unwrap_or("(no Sid)")
            ),
            format!("문 {}가 거부해요", sid.as_deref().unwrap_or("(Sid 없음)")),
        ),
        AnonymousDecision::RestrictedByBlockPublicAccess => (
            "RestrictPublicBuckets ignores the public policy".into(),
            "RestrictPublicBuckets가 퍼블릭 정책을 무시해요".into(),
        ),
    }
}

/// The bucket refuses strangers and allows the distribution through its OAC.
pub(super) fn origin_private(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let Some(bucket) = cloud.buckets().iter().find(|b| b.name.starts_with(prefix)) else {
        return fail("The bucket is gone.".into(), "버킷이 없어요.".into());
    };
    let object = format!(
        "arn:aws:s3:::{}/{}",
        bucket.name, d.config.default_root_object
    );
    let anonymous = bucket.decide_anonymous("s3:GetObject", &object, "203.0.113.10", true);
    if anonymous.is_allowed() {
        return fail(
            format!(
                "Anyone can still read {} directly (the public policy stands), bypassing CloudFront. Replace the policy and turn Block Public Access back on.",
                bucket.name
            ),
            format!(
                "누구나 아직 {}를 직접 읽을 수 있어요(퍼블릭 정책이 남아 있어요). CloudFront를 우회하죠. 정책을 바꾸고 퍼블릭 액세스 차단을 다시 켜세요.",
                bucket.name
            ),
        );
    }
    let target = &d.config.default_cache_behavior.target_origin_id;
    let Some(origin) = d.config.origin(target).filter(|o| {
        o.s3_origin_config.is_some()
            && !o.origin_access_control_id.is_empty()
            && cloud.origin_bucket(&o.domain_name).as_deref() == Some(bucket.name.as_str())
    }) else {
        return fail(
            format!(
                "The distribution's origin is not the bucket's REST endpoint with an origin access control ({}.s3.{}.amazonaws.com and OriginAccessControlId).",
                bucket.name, bucket.region
            ),
            format!(
                "배포의 오리진이 오리진 액세스 제어가 붙은 버킷 REST 엔드포인트가 아니에요({}.s3.{}.amazonaws.com과 OriginAccessControlId).",
                bucket.name, bucket.region
            ),
        );
    };
    if !cloud
        .origin_access_control(&origin.origin_access_control_id)
        .is_some_and(|oac| oac.signs())
    {
        return fail(
            format!(
                "Origin access control {} never signs (SigningBehavior never), so S3 sees strangers. Use always.",
                origin.origin_access_control_id
            ),
            format!(
                "오리진 액세스 제어 {}가 서명하지 않아요(SigningBehavior never). 그래서 S3에는 낯선 사람으로 보여요. always를 쓰세요.",
                origin.origin_access_control_id
            ),
        );
    }
    if !bucket.public_access().blocks_everything() {
        return fail(
            format!(
                "Turn all four Block Public Access settings of {} back on, so no public policy can return.",
                bucket.name
            ),
            format!(
                "{}의 퍼블릭 액세스 차단 설정 네 가지를 모두 다시 켜서 퍼블릭 정책이 돌아올 수 없게 하세요.",
                bucket.name
            ),
        );
    }
    let through = bucket.decide_service(
        "cloudfront.amazonaws.com",
        &d.arn,
        cloud.account_id(),
        "s3:GetObject",
        &object,
    );
    if !through.is_allowed() {
        let (en, ko) = decision_words(&through);
        return fail(
            format!(
                "CloudFront signs for {} through {}, but {en}: the bucket policy must allow the service principal cloudfront.amazonaws.com with AWS:SourceArn {}.",
                d.id, origin.origin_access_control_id, d.arn
            ),
            format!(
                "CloudFront가 {}를 위해 {}로 서명하지만 {ko}. 버킷 정책이 AWS:SourceArn {} 조건으로 서비스 주체 cloudfront.amazonaws.com을 허용해야 해요.",
                d.id, origin.origin_access_control_id, d.arn
            ),
        );
    }
    let (en, ko) = decision_words(&anonymous);
    let website = website_host(&bucket.name, &bucket.region);
    pass(
        format!(
            "Only {} can read the bucket; strangers are refused ({en}), at {website} too.",
            d.id
        ),
        format!(
            "{}만 버킷을 읽을 수 있어요. 다른 사람은 거부돼요({ko}). {website}에서도요.",
            d.id
        ),
    )
}

/// HTTP requests are redirected to HTTPS.
pub(super) fn https_redirect(cloud: &Cloud, prefix: &str) -> CheckOutcome {
    let d = match distribution(cloud, prefix) {
        Ok(d) => d,
        Err(failed) => return failed,
    };
    let policy = &d.config.default_cache_behavior.viewer_protocol_policy;
    if policy == "redirect-to-https" {
        pass(
            format!(
                "http://{}/ answers 301 to the https:// address.",
                d.domain_name
            ),
            format!(
                "http://{}/는 https:// 주소로 301을 응답해요.",
                d.domain_name
            ),
        )
    } else {
        fail(
            format!(
                "The default behaviour's viewer protocol policy is {policy}: set it to redirect-to-https."
            ),
            format!("기본 동작의 뷰어 프로토콜 정책이 {policy}예요. redirect-to-https로 바꾸세요."),
        )
    }
}
