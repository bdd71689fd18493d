import type { Logger } from '@nestjs/common';
import type { pino } from 'pino';
import type { LogSink } from '@frictionlens/kafka';

/** Lets framework-free code log structured fields through a Nest logger (JSON via pino). */
export function logSinkOf(logger: Logger): LogSink {
  return {
    error: (message, fields) => logger.error(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    log: (message, fields) => logger.log(fields ?? {}, message),
    debug: (message, fields) => logger.debug(fields ?? {}, message),
  };
}

/** The same before Nest exists (start-up), through the bootstrap's pino logger. */
export function logSinkOfPino(log: pino.Logger): LogSink {
  return {
    error: (message, fields) => log.error(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    log: (message, fields) => log.info(fields ?? {}, message),
    debug: (message, fields) => log.debug(fields ?? {}, message),
  };
}
