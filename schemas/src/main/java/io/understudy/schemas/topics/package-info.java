/**
 * Understudy's topics: their names under a configurable prefix ({@link io.understudy.schemas.topics.TopicNames}),
 * the contract each one follows — key, Avro value, partition count, configs
 * ({@link io.understudy.schemas.topics.TopicContract}) — and the provisioner that creates them and refuses
 * existing topics that break the contract ({@link io.understudy.schemas.topics.TopicProvisioner}); a role's
 * start-up steps against them are retried while a busy cluster does not answer in time
 * ({@link io.understudy.schemas.topics.UntilReachable}).
 */
package io.understudy.schemas.topics;
