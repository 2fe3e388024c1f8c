import { Entity } from 'typeorm';
import { AuthorityRecord } from '@samverkan/common';

@Entity({ name: 'authority' })
export class Forsakringskassan extends AuthorityRecord {}
