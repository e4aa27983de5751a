#pragma once
// How alike two concept labels are, in any language, with what made them alike. Used by mapping
// suggestions. Levels, best first:
//   same label        1.00  the same words (Unicode lower-cased, punctuation ignored)
//   spelling variant  0.95  the same after folding accents (German ä -> ae...), British and
//                           American spellings (-isation/-ization, -ise/-ize, -logue/-log,
//                           -our/-or, ae -> e) and word breaks ("Sub-Minoan", "Subminoan")
//   singular/plural   0.90  the same once plural endings are dropped ("Maps", "map")
//   shared words      0.85 x Jaccard of the singular words ("Open source software",
//                           "open source"); across languages a word spelt alike counts by its
//                           trigram Dice from 0.6 ("Geometrische", "Geometric")
//   similar spelling  0.60 x Dice of character trigrams in one language, 0.90 x across
//                           languages, from Dice 0.55, for labels of about the same length
//                           ("Protogeometrisch", "Protogeometric") or, across languages, a
//                           compound starting or ending with the other label ("Latènezeit",
//                           "La Tène")
// Labels naming different subdivisions ("Hallstatt C", "Hallstatt D"; "Roman I", "Romanik")
// are not alike below singular/plural: their designators (single letters or digits, numbers,
// Roman numerals) must be the same.
// No stemmer: an activity and its product ("Mapping", "Maps") stay apart. Pure; thread-safe.
#include <string>
#include <vector>

#include "taxonomy/model.h"

namespace km::taxonomy {

// One label prepared once for many comparisons.
struct LabelForms {
  Label label;
  std::string exact, variant, singular;      // word keys, words joined by ' '
  std::string compact;                        // singular without word breaks
  std::vector<std::string> words;             // singular words, sorted, unique
  std::vector<std::vector<std::string>> word_trigrams;  // of each of words
  std::vector<std::string> designators;      // words naming a subdivision ("A", "III"), sorted
  std::vector<std::string> trigrams;          // of compact, sorted, unique
};

LabelForms label_forms(const Label& label);
std::vector<LabelForms> label_forms(const Concept& c);

struct LabelSimilarity {
  double score = 0;
  const char* how = "";  // "same label", "spelling variant", ...
};

LabelSimilarity compare_labels(const LabelForms& a, const LabelForms& b);

// "en-GB" -> "en".
std::string primary_language(const std::string& tag);
// Both tagged with the same primary language, or one of them untagged.
bool same_language(const Label& a, const Label& b);

// "label" or "label"@lang, for evidence.
std::string quoted(const Label& label);

}  // namespace km::taxonomy
