import { applyDecorators, Catch, Controller, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Gives a batch handler's error back to the transport as it was thrown. Nest's default filter for
 * microservice handlers logs an unknown error and replaces it by a generic one; BatchConsumer
 * needs the error itself (a SQLSTATE, a kafkajs error name, NoModelYetError) to tell an outage,
 * retried as it is, from a poison message, set aside with its reason.
 */
@Catch()
export class PassBatchFailuresThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** A controller of Kafka batch handlers (`@EventPattern(topic, { consumerGroup })` methods): see KafkaBatchTransport. */
export function KafkaBatchController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new PassBatchFailuresThrough()));
}
