// Package private writes the files rolo makes that can hold personal data
// (exports, import reports, rejected rows, saved mappings): created whole
// under a temporary name and renamed into place, readable by their owner
// only, or by the store's group when the store is shared by a group.
package private
