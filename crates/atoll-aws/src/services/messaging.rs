//! Messaging: SQS queues and SNS topics with their attributes.

use std::collections::BTreeMap;

use atoll_core::Resource;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};

use super::{Ctx, ItemReads, client, fail, record};
use crate::errors::AwsError;

pub async fn sqs_queues(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let sqs = client!(aws_sdk_sqs, ctx);
    let mut urls = Vec::new();
    let mut pages = sqs.list_queues().max_results(1000).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("sqs:ListQueues"))?;
        urls.extend(page.queue_urls().iter().cloned());
    }
    let sqs = &sqs;
    Ok(ctx
        .per_item("sqs", urls, |url| async move {
            let mut reads = ItemReads::default();
            let attributes = reads.read(
                sqs.get_queue_attributes()
                    .queue_url(&url)
                    .attribute_names(QueueAttributeName::All)
                    .send()
                    .await
                    .map_err(fail!("sqs:GetQueueAttributes")),
            );
            // Tags place the queue in a workload scope (`--tag`).
            let tags = reads
                .read(
                    sqs.list_queue_tags()
                        .queue_url(&url)
                        .send()
                        .await
                        .map_err(fail!("sqs:ListQueueTags")),
                )
                .and_then(|t| t.tags().cloned())
                .map(|t| t.into_iter().collect())
                .unwrap_or_default();
            if reads.gone() {
                return None;
            }
            let mut config: serde_json::Map<String, Value> = attributes
                .as_ref()
                .and_then(|a| a.attributes())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.as_str().to_string(), json!(v)))
                        .collect()
                })
                .unwrap_or_default();
            config.insert("QueueUrl".into(), json!(url));
            let name = url.rsplit('/').next().unwrap_or(&url).to_string();
            let arn = config
                .get("QueueArn")
                .and_then(Value::as_str)
                .map(str::to_string);
            let mut resource = record(
                "AWS::SQS::Queue",
                ctx.region,
                name.clone(),
                arn.as_deref(),
                tags,
                reads.mark(Value::Object(config)),
            );
            resource.name = Some(name);
            Some(resource)
        })
        .await)
}

pub async fn sns_topics(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let sns = client!(aws_sdk_sns, ctx);
    let mut arns = Vec::new();
    let mut pages = sns.list_topics().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("sns:ListTopics"))?;
        arns.extend(
            page.topics()
                .iter()
                .filter_map(|t| t.topic_arn().map(str::to_string)),
        );
    }
    let sns = &sns;
    Ok(ctx
        .per_item("sns", arns, |arn| async move {
            let mut reads = ItemReads::default();
            let attributes = reads.read(
                sns.get_topic_attributes()
                    .topic_arn(&arn)
                    .send()
                    .await
                    .map_err(fail!("sns:GetTopicAttributes")),
            );
            if reads.gone() {
                return None;
            }
            let config: serde_json::Map<String, Value> = attributes
                .as_ref()
                .and_then(|a| a.attributes())
                .map(|m| m.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
                .unwrap_or_default();
            let name = arn.rsplit(':').next().unwrap_or(&arn).to_string();
            let mut resource = record(
                "AWS::SNS::Topic",
                ctx.region,
                name.clone(),
                Some(&arn),
                BTreeMap::new(),
                reads.mark(Value::Object(config)),
            );
            resource.name = Some(name);
            Some(resource)
        })
        .await)
}
