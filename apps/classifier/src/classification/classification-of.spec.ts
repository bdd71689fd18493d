import type { Prediction } from '@frictionlens/nlp';
import { classificationOf, REPEAT_CONTACT_CUE } from './classification-of.js';

const contact = { id: '7', text: 'Where is my card? This is the third time I ask.', occurredAt: '2026-05-04T09:30:00Z', returningCustomer: false };
const demandTypes = new Map([['card_arrival', 'failure' as const], ['upgrade', 'value' as const]]);
const aPrediction = (overrides: Partial<Prediction> = {}): Prediction => ({
  label: 'card_arrival',
  unclassified: false,
  confidence: 0.91234567,
  top: [{ label: 'card_arrival', probability: 0.91234567 }, { label: 'upgrade', probability: 0.05 }],
  terms: [{ term: 'card', weight: 1.23456 }],
  decidedBy: 'model',
  ...overrides,
});

describe('classificationOf', () => {
  it('takes the demand type from the taxonomy and keeps the alternatives and the deciding terms', () => {
    const sut = classificationOf(contact, aPrediction(), demandTypes, { sentiment: -0.5, effortCues: ['third-time'] });
    expect(sut).toEqual({
      contactId: '7',
      categoryKey: 'card_arrival',
      demandType: 'failure',
      confidence: 0.91234567,
      top: [{ category: 'card_arrival', probability: 0.9123 }, { category: 'upgrade', probability: 0.05 }],
      explanation: { decidedBy: 'model', terms: [{ term: 'card', weight: 1.2346 }] },
      sentiment: -0.5,
      effortCues: ['third-time'],
    });
  });

  it('records an unconfident prediction as unclassified, with no demand type', () => {
    const sut = classificationOf(contact, aPrediction({ unclassified: true, label: 'unclassified', confidence: 0.2 }), demandTypes, { sentiment: 0, effortCues: [] });
    expect(sut).toMatchObject({ categoryKey: 'unclassified', demandType: null, confidence: 0.2 });
  });

  it('lists only categories as alternatives, not the "not one of ours" the model learnt from undecided themes', () => {
    const top = [{ label: 'not one of ours', probability: 0.6 }, { label: 'card_arrival', probability: 0.3 }, { label: 'upgrade', probability: 0.1 }];
    const sut = classificationOf(contact, aPrediction({ unclassified: true, label: 'unclassified', confidence: 0.3, top }), demandTypes, { sentiment: 0, effortCues: [] });
    expect(sut.top).toEqual([{ category: 'card_arrival', probability: 0.3 }, { category: 'upgrade', probability: 0.1 }]);
  });

  it('adds the repeat-contact cue when the customer got in touch within the window before', () => {
    const sut = classificationOf({ ...contact, returningCustomer: true }, aPrediction(), demandTypes, { sentiment: 0, effortCues: ['again'] });
    expect(sut.effortCues).toEqual(['again', REPEAT_CONTACT_CUE]);
  });
});
