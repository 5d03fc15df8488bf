/**
 * Import first: the Powertools logger reads its level when shared/observability/logger.ts is first
 * evaluated, which the bench's own imports already trigger before main() runs.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
// Measure the pipeline, not the per-Space rate limits.
process.env.RATE_LIMIT_SCALE = '1000';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
