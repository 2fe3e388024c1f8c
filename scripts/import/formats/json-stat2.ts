import { ImportRefusedError, type RealStatisticSource } from '@samverkan/common';
import type { JsonNode, LocatedJson } from './json-positions';
import { FigureList, type PublishedFigures } from './published-figures';

/**
 * SCB's population figures as its PxWeb API answers with
 * `outputFormat=json-stat2` (table BefolkningNy, TAB638, or any table with
 * the content BE0101N1 "Folkmängd", inhabitants on 31 December):
 *
 * ```json
 * { "class": "dataset", "version": "2.0", "source": "SCB",
 *   "id": ["Region", "ContentsCode", "Tid"], "size": [2, 1, 3],
 *   "dimension": {
 *     "Region": { "category": { "index": { "0180": 0, "1480": 1 }, "label": { "0180": "Stockholm", … } } },
 *     "ContentsCode": { "category": { "index": { "BE0101N1": 0 }, "label": { "BE0101N1": "Folkmängd" },
 *                                     "unit": { "BE0101N1": { "base": "antal", "decimals": 0 } } } },
 *     "Tid": { "category": { "index": { "2018": 0, "2019": 1, "2020": 2 } } } },
 *   "value": [949761, 962154, 975551, 571868, 579281, 583056] }
 * ```
 *
 * As JSON-stat 2.0 defines it (json-stat.org/format): `value` lists the
 * cells in row-major order over `id` and `size`, the last dimension varying
 * fastest; a category `index` is an object (code → position) or an array of
 * codes; `value` may also be an object (position → value) of the cells
 * present; `status` marks a cell (`".."`: not available). SCB names its
 * dimensions `Region`, `ContentsCode` and `Tid` and states each content's unit.
 *
 * Read for `population` only. Every Region code must be one of the 290
 * municipalities (SCB's `00`, the whole country, and two-digit counties are
 * refused: select the municipalities); every Tid a year; the one content
 * BE0101N1 counted in persons; any other dimension (Kon, Alder, …) must hold
 * its total alone, and every cell a value within the unit's bounds — SCB
 * withholds no population figure, so an empty cell refuses the file.
 */
export function readJsonStat2(document: LocatedJson, source: RealStatisticSource): PublishedFigures {
  if (source.key !== 'population') {
    throw new ImportRefusedError(
      document.file,
      undefined,
      `SCB json-stat2 is read for population (BE0101N1) only, not ${source.key}`,
    );
  }
  const root = document.node();
  const kind = root.get('class');
  if (kind.value !== 'dataset') kind.refuse(`${kind.describe()}, not "dataset"`);
  const version = root.get('version');
  if (version.value !== '2.0') version.refuse(`${version.describe()}, not "2.0"`);
  const ids = root
    .get('id')
    .items()
    .map((id) => id.string());
  const size = root.get('size');
  const sizes = size.items().map((each) => each.integer(1));
  if (sizes.length !== ids.length) size.refuse(`${sizes.length} sizes for ${ids.length} dimensions`);
  const dimensions = ids.map((id, i) => dimension(root.get('dimension').get(id), sizes[i]));
  const position = (name: string) => {
    const at = ids.indexOf(name);
    if (at < 0) {
      root.get('id').refuse(`no dimension ${name} (found ${ids.join(', ')}); SCB names Region, ContentsCode and Tid`);
    }
    return at;
  };
  const [regionAt, timeAt, contentsAt] = [position('Region'), position('Tid'), position('ContentsCode')];
  checkContents(dimensions[contentsAt]);
  dimensions.forEach((categories, i) => {
    if (![regionAt, timeAt, contentsAt].includes(i)) checkTotal(ids[i], categories);
  });

  const list = new FigureList(source);
  const regions = dimensions[regionAt].map((category) => list.municipality(category.node));
  const years = dimensions[timeAt].map((category) => list.year(category.node));
  const cells = sizes.reduce((product, size) => product * size, 1);
  const values = cellValues(root, cells);
  const status = root.get('status');
  // Row-major: the stride of a dimension is the product of the sizes after it.
  const stride = (at: number) => sizes.slice(at + 1).reduce((product, size) => product * size, 1);
  const [regionStride, timeStride] = [stride(regionAt), stride(timeAt)];
  for (let cell = 0; cell < cells; cell++) {
    const value = values(cell);
    if (value.value === null || value.value === undefined) {
      value.refuse(`no value for this cell${statusOf(status, cell)}; SCB publishes every municipality's population`);
    }
    list.add(value, {
      municipalityCode: regions[Math.floor(cell / regionStride) % sizes[regionAt]],
      year: years[Math.floor(cell / timeStride) % sizes[timeAt]],
      value: list.value(value),
    });
  }
  return {
    figures: list.done(document.file),
    origin: 'SCB BE0101N1',
    provenance: {
      sourceName: 'SCB BE0101N1: Folkmängd (inhabitants on 31 December)',
      sourcePublisher: 'SCB (population statistics BE0101)',
      sourceTable: 'BE0101N1',
      sourceLicence: 'CC0 (SCB open data)',
      sourceUrl: 'https://www.statistikdatabasen.scb.se/pxweb/sv/ssd/START__BE__BE0101__BE0101A/BefolkningNy/',
    },
  };
}

/** One category of a dimension: its code, its label, and the node that names it (for a refusal). */
interface Category {
  code: string;
  label: string | undefined;
  /** The code as it stands in the text: an element of an array index, or a key of an object index. */
  node: JsonNode;
  /** The dimension's `category`, for its `unit`. */
  category: JsonNode;
}

/** The categories of a dimension in index order, as many as its size says. */
function dimension(node: JsonNode, size: number): Category[] {
  const category = node.get('category');
  const index = category.get('index');
  const labels = category.get('label');
  const label = (code: string) => {
    const said = labels.value === undefined ? undefined : labels.get(code).value;
    return typeof said === 'string' ? said : undefined;
  };
  let codes: JsonNode[];
  if (index.value === undefined) {
    // JSON-stat lets a dimension of one category leave out its index.
    codes = labels.keys().map((code) => labels.key(code));
  } else if (Array.isArray(index.value)) {
    codes = index.items();
    codes.forEach((code) => code.string());
  } else {
    codes = new Array<JsonNode>(index.keys().length);
    for (const code of index.keys()) {
      const at = index.get(code);
      const position = at.integer(0);
      if (position >= codes.length || codes[position]) {
        at.refuse(`position ${position} is not a free place from 0 to ${codes.length - 1}`);
      }
      codes[position] = index.key(code);
    }
  }
  if (codes.length !== size) {
    (index.value === undefined ? labels : index).refuse(`${codes.length} categories, the size says ${size}`);
  }
  const seen = new Set<string>();
  return codes.map((node) => {
    const code = String(node.value);
    if (seen.has(code)) node.refuse(`the category "${code}" appears twice`);
    seen.add(code);
    return { code, label: label(code), node, category };
  });
}

/** Units SCB states for a count of people. */
const personUnits = /^(antal|personer|invånare|number|persons|inhabitants)$/i;

/** The one content must be BE0101N1, Folkmängd, counted in persons. */
function checkContents(contents: Category[]): void {
  const [content, other] = contents;
  if (other) other.node.refuse(`a second content "${other.code}": a file holds the population (BE0101N1) alone`);
  if (content.code !== 'BE0101N1') content.node.refuse(`the content "${content.code}" is not BE0101N1 (Folkmängd)`);
  if (content.label !== undefined && !/^(folkmängd|population)/i.test(content.label)) {
    content.node.refuse(`the content BE0101N1 is labelled "${content.label}", not Folkmängd`);
  }
  const unit = content.category.get('unit');
  if (unit.value === undefined) unit.refuse('missing: the unit of BE0101N1 must be stated (persons)');
  const base = unit.get(content.code).get('base');
  if (!personUnits.test(base.string())) base.refuse(`"${base.value}" is not a count of persons (antal, personer)`);
}

/** A dimension other than Region, ContentsCode and Tid must hold its total alone: the figures are everyone's. */
function checkTotal(name: string, categories: Category[]): void {
  const [category, other] = categories;
  if (other) other.node.refuse(`${name} is split; leave it out of the selection, or select its total alone`);
  const total = /^tot(alt)?$/i.test(category.code) || /^(totalt?|samtliga|båda könen)\b/i.test(category.label ?? '');
  if (!total) category.node.refuse(`${name} "${category.code}" (${category.label ?? 'no label'}) is not a total`);
}

/** The node of each cell's value: `value` an array of all the cells, or an object of those present by position. */
function cellValues(root: JsonNode, cells: number): (cell: number) => JsonNode {
  const value = root.get('value');
  if (Array.isArray(value.value)) {
    const items = value.items();
    if (items.length !== cells) value.refuse(`${items.length} values for ${cells} cells (the product of the sizes)`);
    return (cell) => items[cell];
  }
  for (const key of value.keys()) {
    if (!/^\d+$/.test(key) || Number(key) >= cells)
      value.get(key).refuse(`"${key}" is not a cell from 0 to ${cells - 1}`);
  }
  return (cell) => value.get(String(cell));
}

/** What `status` says of a cell, for a refusal: a string for every cell, an array, or an object by position. */
function statusOf(status: JsonNode, cell: number): string {
  const said =
    typeof status.value === 'string'
      ? status.value
      : Array.isArray(status.value)
        ? status.value[cell]
        : status.value && typeof status.value === 'object'
          ? status.value[String(cell)]
          : undefined;
  return typeof said === 'string' ? ` (status "${said}")` : '';
}
