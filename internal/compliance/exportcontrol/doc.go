// Package exportcontrol decides whether exporting an item needs a licence: under the US
// Export Administration Regulations (Commerce Country Chart, Country Groups, an ECCN
// reference table and the Part 746 embargoes) or under Regulation (EU) 2021/821 (Annex I,
// Annex IV, Union General Export Authorisation EU001 and the EU sanctions regulations),
// and whether one of a seller's licences covers the line. It is pure: no I/O beyond the
// embedded reference data, no clock (the caller passes dates).
package exportcontrol
