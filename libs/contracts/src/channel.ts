import { z } from 'zod';

/** Every channel a customer can get in touch through. Senders map their own names onto these. */
export const Channels = ['email', 'phone', 'chat', 'web', 'social', 'store', 'letter', 'other'] as const;

/** How the customer got in touch: one of {@link Channels}, lower case. */
export const Channel = z.enum(Channels).describe(`How the customer got in touch: one of ${Channels.join(', ')}.`);
export type Channel = z.infer<typeof Channel>;
