import { emailMessage, genericBody, slackBody, teamsBody, webhookBody } from './alert-payloads.js';
import { spikeAlert, spikeResolvedAlert, weeklyDigestAlert } from './alert-messages.js';

const at = new Date('2026-12-07T12:00:00Z');
const spike = spikeAlert({ by: 'step', key: 'card-delivery', name: 'Card production & delivery <EU>', day: '2026-12-06', count: 84, baseline: 12.25 }, at);
const ids = { deliveryId: 'd-1', subscriptionId: 's-1' };

describe('alert payloads', () => {
  it('states a spike in plain words with its figures', () => {
    expect(spike.title).toBe('Failure demand spike at Card production & delivery <EU>');
    expect(spike.summary).toBe('84 failure contacts at Card production & delivery <EU> on 2026-12-06, against about 12.3 a day before it.');
    expect(spike.figures).toEqual({ step: 'card-delivery', day: '2026-12-06', count: 84, baseline: 12.3 });
    expect(spike.link).toBe('#/step/card-delivery');
  });

  it('gives an issue the same dedupe key when it opens and when it resolves', () => {
    expect(spikeResolvedAlert('step', 'card-delivery', 'Card', at).dedupeKey).toBe(spike.dedupeKey);
  });

  it('sends generic webhooks the alert with the delivery and subscription ids', () => {
    expect(JSON.parse(webhookBody('webhook', spike, ids))).toEqual({ ...genericBody(spike, ids), deliveryId: 'd-1', subscriptionId: 's-1', event: 'spike', status: 'open' });
  });

  it('gives Slack a text and blocks, with its markup characters escaped', () => {
    const sut = slackBody(spike);
    expect(sut.text).toBe('New: Failure demand spike at Card production & delivery <EU>');
    expect(JSON.stringify(sut.blocks)).toContain('Card production &amp; delivery &lt;EU&gt;');
  });

  it('gives Teams a message with one Adaptive Card', () => {
    const sut = teamsBody(spike);
    expect(sut.type).toBe('message');
    const card = (sut.attachments[0] as { contentType: string; content: { type: string; body: Array<{ text?: string }> } });
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0]!.text).toBe('New: Failure demand spike at Card production & delivery <EU>');
  });

  it('writes e-mails as plain text with a one-line subject', () => {
    const sut = emailMessage({ ...spike, title: 'two\r\nlines' }, ids);
    expect(sut.subject).toBe('[FrictionLens] New: two lines');
    expect(sut.text).toContain('count: 84');
    expect(sut.text).toContain('Delivery d-1');
  });

  it('sums up a week against the week before', () => {
    const sut = weeklyDigestAlert({ weekStart: '2026-11-30', failureContacts: 120, previousWeekFailureContacts: 100, topSteps: [{ name: 'Card delivery', count: 60 }], openAlerts: 1 }, at);
    expect(sut.summary).toBe('120 failure contacts, 20 more than the week before. Most began at Card delivery (60). 1 alert(s) open.');
    expect(sut.dedupeKey).toBe('weekly-digest:2026-11-30');
  });
});
