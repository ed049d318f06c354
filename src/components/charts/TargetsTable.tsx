/**
 * The targets of `npm run bench` with the verdict it recorded. The page shows
 * the recorded PASS/FAIL and the recorded figure as they are: nothing here
 * recomputes, rounds or rewords them.
 */
import type {ReactNode} from 'react';
import {ScrollRegion, styles} from './ChartFrame';
import type {TargetResult} from './types';

const targetsCaption = 'Targets of the benchmark, the measured figure and the recorded result';

function Verdict({pass}: {pass: boolean}): ReactNode {
  return <span className={`badge ${pass ? 'badge--success' : 'badge--danger'} ${styles.badge}`}>{pass ? 'PASS' : 'FAIL'}</span>;
}

export default function TargetsTable({targets}: {targets: TargetResult[]}): ReactNode {
  const missed = targets.filter((target) => !target.pass).length;
  return (
    <>
      <p>
        {missed === 0
          ? `All ${targets.length} targets were met in this run.`
          : `${targets.length - missed} of ${targets.length} targets were met in this run; ${missed} ${missed === 1 ? 'was' : 'were'} missed.`}
      </p>
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
              <tr key={target.target} data-pass={String(target.pass)}>
                <th scope="row">{target.target}</th>
                <td>{target.value}</td>
                <td>
                  <Verdict pass={target.pass} />
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
          <Verdict pass={target.pass} />
          <span>
            {target.pass ? 'Target met in this run: ' : 'Target missed in this run: '}
            <strong>{target.target}</strong>. Measured: {target.value}.
          </span>
        </p>
      ))}
    </>
  );
}
