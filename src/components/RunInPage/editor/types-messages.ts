// What the editor (types-client.ts) and its TypeScript Worker (types-worker.ts) say to each other.
import type {TypeCompletion, TypeError, TypeHover} from './example-types';

export type ToTypes =
  | {type: 'start'; files: Record<string, string>}
  | {type: 'update'; path: string; text: string}
  | {type: 'ask'; id: number; question: 'errors' | 'hover' | 'completions'; path: string; position: number};

export type FromTypes = {type: 'answer'; id: number; answer: TypeError[] | TypeHover | TypeCompletion[] | null};
