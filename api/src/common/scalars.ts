export { LocalDateResolver as LocalDate, DateTimeISOResolver as DateTime } from 'graphql-scalars';
