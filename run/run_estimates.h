// The size and rebuild estimates a run orders its targets by. Read once from the build
// directory closest to the run's start and kept in the run's directory, so a resumed run (whose
// workers hold other builds by then) orders and chunks its candidates exactly as the run did.
#pragma once

#include "builder/object_sizes.h"
#include "optimizer/engine.h"
#include "tree/kernel_tree.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kshrink::run {

/// What one symbol is estimated to bring and to cost.
struct SymbolEstimate {
  uint64_t bytes = 0;         ///< bytes its objects take in the build read
  double rebuild_share = 0.0; ///< share of the compiled objects a change of it recompiles
};

class RunEstimates {
public:
  /// The engine asks these for its estimates; until they are read every symbol is 0 (targets
  /// unordered by bytes, none wide).
  void wire(optimizer::EngineSettings& engine) const;

  /// Loads the estimates kept at `kept`; without them, reads `build_dir` (nothing if it is
  /// empty) with the tree's object map (`objects`, or read from the tree) and keeps them there.
  void load_or_read(const std::filesystem::path& kept, const std::filesystem::path& build_dir,
                    const tree::KernelTree& tree,
                    const std::optional<builder::ObjectMap>& objects) const;

  /// The estimated bytes of `symbol` (0 if unknown or not read yet).
  uint64_t bytes(const std::string& symbol) const;

private:
  using Table = std::map<std::string, SymbolEstimate>;
  /// `symbol`'s estimate in `table`; nothing known is 0.
  static SymbolEstimate lookup(const Table& table, const std::string& symbol);
  std::shared_ptr<Table> table_ = std::make_shared<Table>();
};

} // namespace kshrink::run
