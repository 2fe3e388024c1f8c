import './telemetry';
import 'reflect-metadata';
import { runSubgraph } from '@samverkan/common';
import { arbetsformedlingenSubgraph } from './server';

runSubgraph(arbetsformedlingenSubgraph);
