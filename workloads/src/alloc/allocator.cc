#include "tunelab/workloads/alloc/allocator.h"

#include "allocator_types.h"

namespace tunelab::workloads::alloc {

std::span<const std::string_view> allocatorNames() { return kAllocatorNames; }

model::Result<std::unique_ptr<Allocator>> makeAllocator(std::string_view name,
                                                        const AllocatorShape& shape) {
  using R = model::Result<std::unique_ptr<Allocator>>;
  return withAllocatorType(
      name,
      [&](auto type) -> R {
        auto a = decltype(type)::type::create(shape);
        if (!a) return a.error();
        return std::unique_ptr<Allocator>(std::move(*a));
      },
      [&]() -> R {
        std::string valid;
        for (auto n : kAllocatorNames)
          valid += std::string(valid.empty() ? "" : ", ") + std::string(n);
        return model::Error{model::ErrorKind::Usage, "unknown allocator '" + std::string(name) +
                                                         "'. Valid allocators: " + valid + "."};
      });
}

}  // namespace tunelab::workloads::alloc
