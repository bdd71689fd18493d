// The drill-down's answer is a contract of the API: its zod schema lives in libs/contracts (contacts.responses.ts).
export { ContactsResponse, DrillDownContactResponse } from '@frictionlens/contracts';
