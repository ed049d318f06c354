/** Reloads under load: what clients saw while the app file was rewritten every 200 ms. */
import type {ReactNode} from 'react';
import {FailuresUnderLoad} from './FailuresUnderLoad';
import type {UnderLoadResult} from './types';

export default function ReloadUnderLoadChart({underLoad}: {underLoad: UnderLoadResult[]}): ReactNode {
  return (
    <FailuresUnderLoad
      id="reload-under-load"
      bars="reload"
      during="reloads"
      caption={<>Failed requests and non-2xx answers while the app file was rewritten every 200 ms under load (lower is better), then the longest time without any answer.</>}
      tableCaption="Requests (and, under them, requests per second), failures, non-2xx answers, longest gap and edits per contender"
      nameHeader="Contender"
      count={{header: 'Edits', cell: (result) => result.edits}}
      results={underLoad}
    />
  );
}
