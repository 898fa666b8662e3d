package io.vitsearch.experiment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Optional<Experiment> findByIdempotencyKey(String idempotencyKey);

    /** Loads the experiment and locks its row until the transaction ends ({@code SELECT ... FOR UPDATE}). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Experiment e where e.id = :id")
    Optional<Experiment> findByIdForUpdate(@Param("id") UUID id);

    Page<Experiment> findByStatus(ExperimentStatus status, Pageable pageable);

    @Query("select e.status as status, count(e) as count from Experiment e group by e.status")
    List<StatusCount> countByStatus();

    interface StatusCount {

        ExperimentStatus getStatus();

        long getCount();
    }
}
