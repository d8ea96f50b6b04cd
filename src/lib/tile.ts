/** A dashboard tile: a link with a title and a line about what is behind it. Features offer theirs. */
export interface Tile {
  href: string;
  title: string;
  body: string;
}
