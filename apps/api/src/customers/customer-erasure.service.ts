import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ErasureResponse } from '@frictionlens/contracts';
import { customerHasher } from '@frictionlens/domain';
import { TransactionRunner } from '@frictionlens/persistence';
import { resolveCustomerHashKey, RUNTIME, type Runtime } from '@frictionlens/platform';

/**
 * The right to erasure: a customer's contacts are found by the keyed hash of their id (the id
 * itself is never stored) and deleted in one transaction. Contacts live only in PostgreSQL
 * (cx.contacts.v1 carries no text), so nothing of them remains in FrictionLens afterwards.
 */
@Injectable()
export class CustomerErasureService {
  private readonly logger = new Logger(CustomerErasureService.name);
  private readonly hashCustomer: (id: string) => string;

  constructor(
    private readonly transactions: TransactionRunner,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.hashCustomer = customerHasher(resolveCustomerHashKey(runtime));
  }

  async erase(customerId: string): Promise<ErasureResponse> {
    const customerHash = this.hashCustomer(customerId);
    const deletedContacts = await this.transactions.run((tx) => tx.contacts.deleteByCustomerHash(customerHash));
    // The hash, not the id: the log must not name the customer being erased.
    this.logger.log({ customerHash: customerHash.slice(0, 12), deletedContacts }, 'erased a customer');
    return { deletedContacts };
  }
}
