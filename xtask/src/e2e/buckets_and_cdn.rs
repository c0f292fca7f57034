//! Chapters 10 (S3) and 11 (CloudFront) played start to finish like a learner,
//! once in English and once in Korean. Chapter 10 makes a bucket (after a
//! refused name), restores an overwritten page from its old version, archives a
//! log with a lifecycle rule on the clock, publishes the website and reads it
//! with curl, and turns on SSE-KMS, looking at versions in the console.
//! Chapter 11 puts a distribution in front of that site, sees a miss then a hit
//! in Seoul and a miss in Tokyo, a stale page until an invalidation (made from
//! the console in English, the terminal in Korean), and finally a private bucket
//! behind origin access control with HTTP redirected. Both keep screenshots of
//! the console pages, on a desktop and on a phone in dark mode.

use super::chapters::{
    Lang, answer_quiz, choose_language, console_page, next_step, open_chapter, page_screenshots,
    read_value, run, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 10 and 11 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_10_in_english",
        run: chapter_10_in_english,
    },
    Scenario {
        name: "chapter_10_in_korean",
        run: chapter_10_in_korean,
    },
    Scenario {
        name: "chapter_11_in_english",
        run: chapter_11_in_english,
    },
    Scenario {
        name: "chapter_11_in_korean",
        run: chapter_11_in_korean,
    },
];

fn chapter_10_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_10(b, site, Lang::En)
}

fn chapter_10_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_10(b, site, Lang::Ko)
}

fn chapter_11_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_11(b, site, Lang::En)
}

fn chapter_11_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_11(b, site, Lang::Ko)
}

/// Waits until the chapter's card on the home page says it is done.
fn chapter_done(b: &mut Browser, chapter: u32, lang: Lang) -> Result<(), E2eError> {
    b.refresh()?;
    b.go_to_hash("#/")?;
    b.wait_for_text(
        &format!(r#"a[data-chapter="{chapter}"] [data-testid=chapter-progress]"#),
        lang.pick("Done", "완료"),
        DEFAULT_WAIT,
    )
    .map(|_| ())
}

fn play_chapter_10(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 10)?;
    let bucket = lang.pick("lab-site-e2e-en", "lab-site-e2e-ko");

    let refused = run(b, "aws s3 mb s3://Lab-Site-E2E")?;
    ensure(
        refused.contains("InvalidBucketName") || refused.contains("Invalid bucket name"),
        format!("a capitalised name answered {refused}"),
    )?;
    wait_failed_because(b, "bucket-in-seoul", "lab-site-")?;
    run(b, &format!("aws s3 mb s3://{bucket}"))?;
    run(b, &format!("aws s3 sync site s3://{bucket}"))?;
    wait_passed(b, "bucket-in-seoul")?;
    wait_passed(b, "objects-in-folders")?;

    next_step(b, 10, "versioning")?;
    run(
        b,
        &format!(
            "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled"
        ),
    )?;
    run(b, "echo '<h1>Broken</h1>' > broken.html")?;
    run(
        b,
        &format!("aws s3 cp broken.html s3://{bucket}/index.html"),
    )?;
    let old = read_value(
        b,
        &format!(
            "aws s3api list-object-versions --bucket {bucket} --prefix index.html --query 'Versions[?IsLatest==`false`].VersionId' --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws s3api copy-object --bucket {bucket} --key index.html --copy-source \"{bucket}/index.html?versionId={old}\""
        ),
    )?;
    wait_passed(b, "version-restored")?;
    console_page(b, "buckets")?;
    b.wait_for_text("[data-testid=versions-table]", &old, DEFAULT_WAIT)?;
    page_screenshots(b, "buckets-panel", "chapter-10-buckets", lang)?;

    next_step(b, 10, "lifecycle")?;
    run(
        b,
        &format!("aws s3 cp access.log s3://{bucket}/logs/access.log"),
    )?;
    run(
        b,
        "echo '{\"Rules\":[{\"ID\":\"archive-logs\",\"Filter\":{\"Prefix\":\"logs/\"},\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER\"}],\"Expiration\":{\"Days\":365}}]}' > lifecycle.json",
    )?;
    run(
        b,
        &format!(
            "aws s3api put-bucket-lifecycle-configuration --bucket {bucket} --lifecycle-configuration file://lifecycle.json"
        ),
    )?;
    wait_passed(b, "logs-to-glacier")?;
    wait_failed_because(b, "log-archived", "logs/")?;
    run(b, "sleep 31d")?;
    wait_passed(b, "log-archived")?;

    next_step(b, 10, "public-website")?;
    run(
        b,
        &format!(
            "aws s3 website s3://{bucket} --index-document index.html --error-document error.html"
        ),
    )?;
    let blocked = run(
        b,
        &format!(
            "echo '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::{bucket}/*\"}}]}}' > policy.json; aws s3api put-bucket-policy --bucket {bucket} --policy file://policy.json"
        ),
    )?;
    ensure(
        blocked.contains("AccessDenied") && blocked.contains("BlockPublicPolicy"),
        format!("a public policy under Block Public Access answered {blocked}"),
    )?;
    run(
        b,
        &format!(
            "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false"
        ),
    )?;
    run(
        b,
        &format!("aws s3api put-bucket-policy --bucket {bucket} --policy file://policy.json"),
    )?;
    let page = run(
        b,
        &format!("curl http://{bucket}.s3-website.ap-northeast-2.amazonaws.com/"),
    )?;
    ensure(
        page.contains("Welcome"),
        format!("the website answered {page}"),
    )?;
    wait_passed(b, "website-serves")?;
    wait_passed(b, "public-read-only")?;

    next_step(b, 10, "encryption")?;
    run(
        b,
        &format!(
            "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration '{{\"Rules\":[{{\"ApplyServerSideEncryptionByDefault\":{{\"SSEAlgorithm\":\"aws:kms\"}},\"BucketKeyEnabled\":true}}]}}'"
        ),
    )?;
    wait_passed(b, "kms-by-default")?;

    answer_quiz(b, 10, lang)?;
    chapter_done(b, 10, lang)
}

fn play_chapter_11(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 11)?;

    run(
        b,
        "aws cloudfront create-distribution --origin-domain-name lab-site-2026.s3-website.ap-northeast-2.amazonaws.com --default-root-object index.html",
    )?;
    wait_failed_because(b, "distribution-deployed", "InProgress")?;
    let id = read_value(
        b,
        "aws cloudfront list-distributions --query 'DistributionList.Items[0].Id' --output text",
    )?;
    let host = read_value(
        b,
        &format!(
            "aws cloudfront get-distribution --id {id} --query Distribution.DomainName --output text"
        ),
    )?;
    run(
        b,
        &format!("aws cloudfront wait distribution-deployed --id {id}"),
    )?;
    wait_passed(b, "distribution-deployed")?;
    let miss = run(b, &format!("curl -sI https://{host}/"))?;
    ensure(
        miss.contains("X-Cache: Miss from cloudfront"),
        format!("the first request answered {miss}"),
    )?;
    wait_passed(b, "page-through-edge")?;

    next_step(b, 11, "edges-and-ttl")?;
    let hit = run(b, &format!("curl -sI https://{host}/"))?;
    ensure(
        hit.contains("X-Cache: Hit from cloudfront") && hit.contains("Age:"),
        format!("the second request answered {hit}"),
    )?;
    wait_failed_because(b, "two-cities", "tokyo")?;
    let tokyo = run(b, &format!("from tokyo curl -sI https://{host}/"))?;
    ensure(
        tokyo.contains("Miss from cloudfront") && tokyo.contains("NRT"),
        format!("Tokyo answered {tokyo}"),
    )?;
    wait_passed(b, "two-cities")?;
    run(b, "echo '<h1>Welcome, version 2</h1>' > site/index.html")?;
    run(
        b,
        "aws s3 cp site/index.html s3://lab-site-2026/index.html --cache-control max-age=300",
    )?;
    wait_passed(b, "five-minute-ttl")?;

    next_step(b, 11, "invalidate")?;
    let stale = run(b, &format!("curl -s https://{host}/"))?;
    ensure(
        stale.contains("Welcome to my S3 site"),
        format!("the Seoul edge should still serve the old page, got {stale}"),
    )?;
    if lang == Lang::En {
        console_page(b, "distributions")?;
        b.click_on("[data-testid=create-invalidation]")?;
        b.wait_for("[data-testid=invalidation-created]", DEFAULT_WAIT)?;
    } else {
        run(
            b,
            &format!("aws cloudfront create-invalidation --distribution-id {id} --paths '/*'"),
        )?;
    }
    wait_failed_because(b, "invalidation-completed", "InProgress")?;
    run(b, "sleep 1m")?;
    wait_passed(b, "invalidation-completed")?;
    let fresh = run(b, &format!("curl -s https://{host}/"))?;
    ensure(
        fresh.contains("version 2"),
        format!("after the invalidation Seoul answered {fresh}"),
    )?;
    run(b, &format!("from tokyo curl -s https://{host}/"))?;
    wait_passed(b, "edges-current")?;
    console_page(b, "distributions")?;
    b.wait_for(
        "[data-testid=edge-copies-table] tr[data-copy]",
        DEFAULT_WAIT,
    )?;
    page_screenshots(b, "distributions-panel", "chapter-11-distributions", lang)?;

    next_step(b, 11, "lock-origin")?;
    run(
        b,
        "aws cloudfront create-origin-access-control --origin-access-control-config Name=lab-site-oac,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3",
    )?;
    run(
        b,
        &format!(
            "OAC=$(aws cloudfront list-origin-access-controls --query 'OriginAccessControlList.Items[0].Id' --output text); REF=$(aws cloudfront get-distribution-config --id {id} --query DistributionConfig.CallerReference --output text); echo \"{{\\\"CallerReference\\\":\\\"$REF\\\",\\\"Comment\\\":\\\"\\\",\\\"Enabled\\\":true,\\\"DefaultRootObject\\\":\\\"index.html\\\",\\\"Origins\\\":{{\\\"Quantity\\\":1,\\\"Items\\\":[{{\\\"Id\\\":\\\"s3-site\\\",\\\"DomainName\\\":\\\"lab-site-2026.s3.ap-northeast-2.amazonaws.com\\\",\\\"S3OriginConfig\\\":{{\\\"OriginAccessIdentity\\\":\\\"\\\"}},\\\"OriginAccessControlId\\\":\\\"$OAC\\\"}}]}},\\\"DefaultCacheBehavior\\\":{{\\\"TargetOriginId\\\":\\\"s3-site\\\",\\\"ViewerProtocolPolicy\\\":\\\"redirect-to-https\\\",\\\"CachePolicyId\\\":\\\"658327ea-f89d-4fab-a63d-7e88639e58f6\\\"}}}}\" > dist.json"
        ),
    )?;
    let stale_tag = run(
        b,
        &format!(
            "aws cloudfront update-distribution --id {id} --if-match E0000000000000 --distribution-config file://dist.json"
        ),
    )?;
    ensure(
        stale_tag.contains("PreconditionFailed"),
        format!("a wrong ETag answered {stale_tag}"),
    )?;
    run(
        b,
        &format!(
            "ETAG=$(aws cloudfront get-distribution-config --id {id} --query ETag --output text); aws cloudfront update-distribution --id {id} --if-match $ETAG --distribution-config file://dist.json"
        ),
    )?;
    wait_failed_because(b, "origin-through-oac-only", lang.pick("directly", "직접"))?;
    let arn = read_value(
        b,
        &format!(
            "aws cloudfront get-distribution --id {id} --query Distribution.ARN --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "echo '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Sid\":\"CloudFrontOnly\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"cloudfront.amazonaws.com\"}},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::lab-site-2026/*\",\"Condition\":{{\"StringEquals\":{{\"AWS:SourceArn\":\"{arn}\"}}}}}}]}}' > policy.json"
        ),
    )?;
    run(
        b,
        "aws s3api put-bucket-policy --bucket lab-site-2026 --policy file://policy.json",
    )?;
    run(
        b,
        "aws s3api put-public-access-block --bucket lab-site-2026 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    )?;
    wait_passed(b, "origin-through-oac-only")?;
    wait_passed(b, "http-redirects")?;
    let direct = run(
        b,
        "curl -sI http://lab-site-2026.s3-website.ap-northeast-2.amazonaws.com/",
    )?;
    ensure(
        direct.contains("403"),
        format!("the website endpoint should refuse strangers now, got {direct}"),
    )?;
    let redirect = run(b, &format!("curl -sI http://{host}/"))?;
    ensure(
        redirect.contains("301") && redirect.contains(&format!("Location: https://{host}/")),
        format!("HTTP answered {redirect}"),
    )?;

    answer_quiz(b, 11, lang)?;
    chapter_done(b, 11, lang)
}
