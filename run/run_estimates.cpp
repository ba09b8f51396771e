// Estimates read from a build directory, kept as JSON in the run's directory.
#include "run/run_estimates.h"

#include "builder/rebuild_fanout.h"
#include "util/files.h"
#include "util/log.h"
#include "util/stopwatch.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace kshrink::run {

SymbolEstimate RunEstimates::lookup(const Table& table, const std::string& symbol) {
  auto it = table.find(symbol);
  return it == table.end() ? SymbolEstimate{} : it->second;
}

void RunEstimates::wire(optimizer::EngineSettings& engine) const {
  engine.estimate = [table = table_](const kconfig::Symbol& symbol) {
    return lookup(*table, symbol.name).bytes;
  };
  engine.rebuild = [table = table_](const kconfig::Symbol& symbol) {
    return lookup(*table, symbol.name).rebuild_share;
  };
}

uint64_t RunEstimates::bytes(const std::string& symbol) const {
  return lookup(*table_, symbol).bytes;
}

void RunEstimates::load_or_read(const fs::path& kept, const fs::path& build_dir,
                                const tree::KernelTree& tree,
                                const std::optional<builder::ObjectMap>& objects) const {
  if (fs::exists(kept)) {
    // {"SYMBOL": [bytes, share]}: doubles are written exactly, so the order is the same.
    try {
      auto json = nlohmann::json::parse(util::read_file(kept));
      for (const auto& [symbol, pair] : json.items())
        (*table_)[symbol] = {pair.at(0).get<uint64_t>(), pair.at(1).get<double>()};
      util::note("size and rebuild estimates: the run's own, kept in " + kept.string());
      return;
    } catch (const std::exception& e) {
      table_->clear();
      util::note("size and rebuild estimates: " + kept.string() + " is unreadable (" + e.what() +
                 "); read again from the build directory");
    }
  }
  if (build_dir.empty()) return;
  util::Stopwatch clock;
  builder::ObjectSizeEstimator sizes(objects ? *objects : builder::read_object_map(tree.source),
                                     build_dir);
  for (const auto& symbol : sizes.symbols())
    if (uint64_t bytes = sizes.bytes(symbol)) (*table_)[symbol].bytes = bytes;
  auto fanout = builder::RebuildFanout::read(build_dir, tree.source);
  for (const auto& symbol : fanout.symbols())
    (*table_)[symbol].rebuild_share = fanout.share(symbol);
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [symbol, estimate] : *table_)
    json[symbol] = nlohmann::json::array({estimate.bytes, estimate.rebuild_share});
  util::write_file_atomic(kept, json.dump());
  util::note("size and rebuild estimates: the tree's obj-$(CONFIG_...) lines and the " +
             std::to_string(fanout.objects()) + " objects in " + build_dir.string() + " (" +
             util::seconds_text(clock.seconds()) + "), kept in " + kept.string());
}

} // namespace kshrink::run
