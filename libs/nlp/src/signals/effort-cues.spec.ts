import { effortCuesIn } from './effort-cues.js';

describe('effortCuesIn', () => {
  it.each([
    ['I am writing again about my order', ['again']],
    ['This is the third time I have called', ['third_time']],
    ['second time asking', ['second_time']],
    ["I'm still waiting for the refund", ['still_waiting']],
    ['It still hasn’t arrived', ['still_waiting']],
    ['I already sent the form', ['already']],
    ['How many times do I have to ask?', ['how_many_times']],
    ['I keep getting the same error', ['keep_getting']],
    ['Nobody answers the phone', ['nobody']],
    ['No one has replied to my email', ['nobody']],
    ['I chased this last week', ['chased']],
  ])('finds the cue in %j', (text, cues) => {
    expect(effortCuesIn(text)).toEqual(cues);
  });

  it('lists several cues once each, in a stable order', () => {
    expect(effortCuesIn('Nobody called back, so I chased it again. Again!')).toEqual(['again', 'nobody', 'chased']);
  });

  it('finds nothing in a first, calm request', () => {
    expect(effortCuesIn('Could you tell me the opening hours?')).toEqual([]);
  });

  it('does not read cues inside other words', () => {
    expect(effortCuesIn('against the nobodyish chaser')).toEqual([]);
  });
});
