import { readStepVolumesCsv } from './step-volumes-csv.js';

const steps = new Set(['card-ordering', 'card-production-delivery']);

describe('readStepVolumesCsv', () => {
  it('reads every row of a well-formed file, whatever the line endings, column order and case of the header', () => {
    const sut = readStepVolumesCsv('\uFEFFDay,Step,Units,note\r\n2026-05-04,card-ordering,120,monday\r\n2026-05-05,card-ordering,98,\r\n\r\n2026-05-04,card-production-delivery,"110",\r\n', steps);
    expect(sut).toEqual({
      volumes: [
        { stepKey: 'card-ordering', day: '2026-05-04', units: 120 },
        { stepKey: 'card-ordering', day: '2026-05-05', units: 98 },
        { stepKey: 'card-production-delivery', day: '2026-05-04', units: 110 },
      ],
      rejected: [],
    });
  });

  it('rejects each bad row with its line and field, and keeps the good ones', () => {
    const sut = readStepVolumesCsv(
      [
        'step,day,units',
        'card-ordering,2026-05-04,120',
        'card-renewal,2026-05-04,5',
        'card-ordering,2026-02-30,5',
        'card-ordering,04/05/2026,5',
        'card-ordering,2026-05-06,-3',
        'card-ordering,2026-05-06,2.5',
        'card-ordering,2026-05-04,7',
        'card-ordering,"2026-05-07"x,1',
        "x'; DROP TABLE step_volumes; --,2026-05-04,1",
        ',2026-05-04,1',
        'card-ordering,2026-05-08,99999999999999999999',
        'card-ordering,2026-05-09,4',
      ].join('\n'),
      steps,
    );
    expect(sut.volumes).toEqual([
      { stepKey: 'card-ordering', day: '2026-05-04', units: 120 },
      { stepKey: 'card-ordering', day: '2026-05-09', units: 4 },
    ]);
    expect(sut.rejected).toEqual([
      { line: 3, field: 'step', problem: "no step has the key 'card-renewal'" },
      { line: 4, field: 'day', problem: 'must be a date as YYYY-MM-DD' },
      { line: 5, field: 'day', problem: 'must be a date as YYYY-MM-DD' },
      { line: 6, field: 'units', problem: 'must be a whole number of 0 or more' },
      { line: 7, field: 'units', problem: 'must be a whole number of 0 or more' },
      { line: 8, field: 'day', problem: "step 'card-ordering' already has a row for 2026-05-04 (line 2)" },
      { line: 9, field: '(row)', problem: 'the row is not valid CSV (a quote inside a cell must be doubled, and a quoted cell closed on its line)' },
      { line: 10, field: 'step', problem: 'may hold only letters, digits, _, - and .' },
      { line: 11, field: 'step', problem: 'is empty' },
      { line: 12, field: 'units', problem: 'is too large' },
    ]);
  });

  it('needs a header naming step, day and units', () => {
    expect(readStepVolumesCsv('card-ordering,2026-05-04,120\n', steps)).toEqual({
      volumes: [],
      rejected: [{ line: 1, field: '(header)', problem: 'the first row must be a header naming the columns step, day and units' }],
    });
    expect(readStepVolumesCsv('\n  \n', steps).rejected).toEqual([{ line: 1, field: '(header)', problem: 'the file is empty: it needs a header row step,day,units and a row per step and day' }]);
  });
});
