import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { APP_NAME } from '../config/names.js';

/**
 * The one structured JSON logger. Fixed sentences, values in fields; never a mail body, token,
 * password or whole event (see STYLE.md "Logging").
 */
export const logger = new Logger({ serviceName: APP_NAME, correlationIdSearchFn: search });

/** The narrow logging port handed to domain code that wants to say something. */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The one Log adapter over the Powertools logger (fields go in as structured keys). */
export const log: Log = {
  info: (message, fields = {}) => logger.info(message, fields as Record<string, string>),
  warn: (message, fields = {}) => logger.warn(message, fields as Record<string, string>),
  error: (message, fields = {}) => logger.error(message, fields as Record<string, string>),
};
