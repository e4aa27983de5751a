#pragma once
// The 30-concept test taxonomy of tests/data/taxonomy, loaded into an in-memory store.
#include <SQLiteCpp/Database.h>

#include <string>

#include "core/database.h"
#include "taxonomy/import.h"

namespace km::testing {

inline const std::string kTaxonomyDir = std::string(KM_TEST_DATA_DIR) + "/taxonomy";

inline void load_test_taxonomy(SQLite::Database& db) {
  taxonomy::import_scheme(db, kTaxonomyDir + "/shared.csv", {"shared", "Shared", "", {}});
  taxonomy::import_scheme(db, kTaxonomyDir + "/client.csv", {"client", "Client", "client", {}});
  taxonomy::import_scheme(db, kTaxonomyDir + "/partner.csv", {"partner", "Partner", "partner", {}});
  taxonomy::import_mappings(db, kTaxonomyDir + "/mappings.csv", "test");
}

}  // namespace km::testing
