// HugePageAllocator: a std::allocator replacement for large, randomly read tables (hash tables,
// posting lists) that asks the kernel to back them with 2 MiB pages.
//
// A lookup in a table of tens of megabytes misses the cache and, with 4 KiB pages, the TLB too:
// the page walk is a second dependent miss, and it is why prefetching a query's probes did not
// overlap them as far as it could. With transparent huge pages in "madvise" mode (Debian's
// default) memory is only backed by huge pages where madvise(MADV_HUGEPAGE) asks for it, so
// allocations of kMinBytes and more are mapped here, 2 MiB aligned, and advised before they are
// first touched. Smaller ones go to operator new. Where the kernel has no huge pages to give,
// the memory is ordinary pages: the advice can fail silently and nothing else changes.
//
// Failure: allocate() throws std::bad_alloc when the mapping fails, as std::allocator does.
// Stateless; thread-safe.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>

namespace bw {

namespace huge_pages {

inline constexpr size_t kPage = size_t{2} << 20;
inline constexpr size_t kMinBytes = size_t{4} << 20;

inline size_t round_up(size_t bytes) {
  return (bytes + kPage - 1) / kPage * kPage;
}

inline void* allocate(size_t bytes) {
  if (bytes < kMinBytes) return ::operator new(bytes);
  const size_t size = round_up(bytes);
  // Mapped a page larger and trimmed, so the kept part starts on a 2 MiB boundary.
  void* raw =
      mmap(nullptr, size + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kPage - 1) / kPage * kPage;
  if (aligned > start) munmap(raw, aligned - start);
  if (const uintptr_t tail = start + size + kPage - (aligned + size); tail > 0) {
    munmap(reinterpret_cast<void*>(aligned + size), tail);
  }
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, size, MADV_HUGEPAGE);
  return p;
}

inline void deallocate(void* p, size_t bytes) {
  if (bytes < kMinBytes) {
    ::operator delete(p);
    return;
  }
  munmap(p, round_up(bytes));
}

}  // namespace huge_pages

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding, as std::allocator
  T* allocate(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    return static_cast<T*>(huge_pages::allocate(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) { huge_pages::deallocate(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace bw
