/**
 * The targets of `npm run bench` with the verdict it recorded: PASS, FAIL, or
 * UNSETTLED when a ratio's 95% interval holds the target. The page shows the
 * recorded verdict and the recorded figure as they are: nothing here
 * recomputes, rounds or rewords them.
 */
import type {ReactNode} from 'react';
import {ScrollRegion, styles} from './ChartFrame';
import {targetVerdict, type TargetResult, type Verdict as VerdictName} from './types';

const targetsCaption = 'Targets of the benchmark, the measured figure and the recorded result';

const badge: Record<VerdictName, string> = {PASS: 'badge--success', FAIL: 'badge--danger', UNSETTLED: 'badge--warning'};

function Verdict({target}: {target: TargetResult}): ReactNode {
  const verdict = targetVerdict(target);
  return <span className={`badge ${badge[verdict]} ${styles.badge}`}>{verdict}</span>;
}

const lead: Record<VerdictName, string> = {
  PASS: 'Target met in this run: ',
  FAIL: 'Target missed in this run: ',
  UNSETTLED: 'Not settled in this run, the target lies inside the 95% interval: ',
};

/** "12 met, 3 missed and 2 not settled": the count of each verdict that occurs. */
function tally(targets: TargetResult[]): string {
  const count = (verdict: VerdictName) => targets.filter((target) => targetVerdict(target) === verdict).length;
  const parts = [`${count('PASS')} met`, `${count('FAIL')} missed`, ...(count('UNSETTLED') ? [`${count('UNSETTLED')} not settled`] : [])];
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export default function TargetsTable({targets}: {targets: TargetResult[]}): ReactNode {
  const met = targets.filter((target) => targetVerdict(target) === 'PASS').length;
  return (
    <>
      <p>{met === targets.length ? `All ${targets.length} targets were met in this run.` : `Of ${targets.length} targets in this run: ${tally(targets)}.`}</p>
      <ScrollRegion label={targetsCaption}>
        <table className={`${styles.table} ${styles.targets}`} data-targets-table="">
          <caption className={styles.srOnly}>{targetsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Measured</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.target} data-pass={String(target.pass)} data-verdict={targetVerdict(target)}>
                <th scope="row">{target.target}</th>
                <td>{target.value}</td>
                <td>
                  <Verdict target={target} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

/**
 * The verdict on the targets whose text contains `match`, said in a sentence
 * under the section they concern. It fails the build when no target matches,
 * so that a renamed target cannot silently drop its verdict from the page.
 */
export function TargetNote({targets, match}: {targets: TargetResult[]; match: string}): ReactNode {
  const found = targets.filter((target) => target.target.includes(match));
  if (found.length === 0) {
    throw new Error(`<TargetNote match="${match}">: no target of bench/results/latest.json contains that text. Targets: ${targets.map((t) => JSON.stringify(t.target)).join(', ')}`);
  }
  return (
    <>
      {found.map((target) => (
        <p key={target.target} className={styles.verdict} data-target-note="">
          <Verdict target={target} />
          <span>
            {lead[targetVerdict(target)]}
            <strong>{target.target}</strong>. Measured: {target.value}.
          </span>
        </p>
      ))}
    </>
  );
}
