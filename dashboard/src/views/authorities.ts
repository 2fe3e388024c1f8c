import { describeError, run } from '../api';
import { el } from '../dom';
import { errorList } from '../figures';

interface Partnerships {
  authorities: {
    __typename: string;
    id: string;
    name: string;
    agreements: {
      id: string;
      municipality: { code: string; name: string } | null;
      districts: { id: string; name: string }[];
    }[];
  }[];
}

/** Each state authority and the agreements it is a partner in. */
export async function authoritiesView(main: HTMLElement): Promise<void> {
  const { data, errors } = await run<Partnerships>('AuthorityPartnerships');
  const authorities = data?.authorities ?? [];
  main.replaceChildren(
    el('h1', {}, 'Myndigheternas partnerskap'),
    el('p', { class: 'lead' }, 'De statliga myndigheterna och de lokala utvecklingsavtal de är part i.'),
    errorList(errors.map(describeError)),
    ...authorities.map((authority) =>
      el(
        'section',
        {
          id: `myndighet-${authority.id}`,
          'data-authority': authority.id,
          'aria-labelledby': `rubrik-${authority.id}`,
        },
        el('h2', { id: `rubrik-${authority.id}` }, authority.name),
        el('p', {}, `Part i ${authority.agreements.length} avtal.`),
        el(
          'ul',
          { class: 'columns' },
          ...authority.agreements.map((agreement) =>
            el(
              'li',
              { 'data-agreement': agreement.id },
              el('strong', {}, agreement.municipality?.name ?? agreement.id),
              ': ',
              ...agreement.districts.flatMap((d, i) => [
                i ? ', ' : '',
                el('a', { href: `#/stadsdel/${encodeURIComponent(d.id)}` }, d.name),
              ]),
            ),
          ),
        ),
      ),
    ),
  );
}
