/**
 * Kafka topics FrictionLens reads and writes. Names carry a version: a breaking change to a
 * message shape means a new topic, never an edited one.
 */
export const Topics = {
  tickets: 'cx.tickets.v1',
  warrantyClaims: 'cx.warranty-claims.v1',
  complaints: 'cx.complaints.v1',
  contacts: 'cx.contacts.v1',
  contactsClassified: 'cx.contacts.classified.v1',
  deadLetter: 'cx.deadletter.v1',
} as const;

export type TopicKey = keyof typeof Topics;
export type TopicName = (typeof Topics)[TopicKey];

/**
 * The topic name as deployed: an optional prefix lets several environments (or test runs)
 * share one Kafka cluster without seeing each other's messages.
 */
export function topicName(key: TopicKey, prefix = ''): string {
  return `${prefix}${Topics[key]}`;
}
